"""The load run's account: leader, planner and inspector of the demo province."""

from bench.accounts import demo_account

USERNAME = "bench-load"
PASSWORD = "bench-load-2026"  # noqa: S105 - local benchmark account
ROLES = ("leader", "planner", "inspector")


def load_account() -> tuple[str, str]:
    demo_account(USERNAME, ROLES, password=PASSWORD)
    return USERNAME, PASSWORD
