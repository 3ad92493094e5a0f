"""How ``./dev run`` serves the app: ``python -m config.serve [--debug]``.

By default as in production: DEBUG off, a secret key generated once and kept in
``var/secret_key`` (mode 600), static files collected and served by whitenoise, gunicorn
on 127.0.0.1. Plain HTTP on the loopback address, so ``HTTPS`` defaults to off here
(set ``HTTPS=true`` behind a TLS proxy). ``--debug``: Django's runserver with DEBUG on
(tracebacks, auto-reload) for development. Imports nothing from Django: it only prepares
the environment and the command, then replaces itself with the server."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

__all__ = ["secret_key", "serve_command", "serve_environment"]

ROOT = Path(__file__).resolve().parent.parent


def secret_key(path: Path) -> str:
    """The key kept in ``path``, created (readable by its owner only) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(50))
    os.chmod(path, 0o600)
    return path.read_text().strip()


def serve_environment(*, debug: bool, root: Path = ROOT, environ=None) -> dict[str, str]:
    """The server's environment: ``environ`` (default: this process's) with the mode's
    settings; a ``SECRET_KEY`` already set is kept."""
    env = dict(os.environ if environ is None else environ)
    env["DEBUG"] = "true" if debug else "false"
    if not debug:
        if not env.get("SECRET_KEY"):
            env["SECRET_KEY"] = secret_key(root / "var" / "secret_key")
        if not env.get("HTTPS"):
            env["HTTPS"] = "false"
    return env


def serve_command(*, debug: bool, port: int, python: str = sys.executable) -> list[str]:
    if debug:
        return [python, "manage.py", "runserver", f"127.0.0.1:{port}"]
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    return [
        python,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--preload",  # the app and its warmed map layers loaded once, shared by the workers
        "--timeout=120",
        "--access-logfile=-",
    ]


def main(argv: list[str]) -> None:
    debug = "--debug" in argv
    port = int(os.environ.get("PORT", "8000"))
    env = serve_environment(debug=debug)
    os.chdir(ROOT)
    if not debug:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
    command = serve_command(debug=debug, port=port)
    os.execve(command[0], command, env)  # noqa: S606 - the server replaces this process


if __name__ == "__main__":
    main(sys.argv[1:])
