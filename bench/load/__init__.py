"""Load run: 50 concurrent logged-in clients for 60 s against gunicorn (production settings)."""
