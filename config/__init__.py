"""Django project package: settings, URL configuration and WSGI entry point."""
