"""Placeholder replaced below."""
def context():
    return {}
