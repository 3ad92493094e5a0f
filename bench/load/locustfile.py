"""Locust scenario for ``python -m bench.load``: logged-in users over the risk map, the
establishment filter, the API and the exports.

Read by Locust in its own virtual environment (``var/bench-venv/locust``), not imported by
the app. The account, the paths and their weights come from the environment the runner sets.
"""

import json
import os
import random
import re

from locust import HttpUser, between, task

USERNAME = os.environ["LOAD_USERNAME"]
PASSWORD = os.environ["LOAD_PASSWORD"]
# [[name, path, weight], ...]
PATHS = json.loads(os.environ["LOAD_PATHS"])
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class MonitoringUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_INPUT.search(page.text).group(1)
        response = self.client.post(
            "/accounts/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="log in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed: HTTP {response.status_code}")

    @task
    def browse(self):
        names, paths, weights = zip(*PATHS, strict=True)
        index = random.choices(range(len(paths)), weights=weights)[0]
        with self.client.get(paths[index], name=names[index], catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif not response.content:
                response.failure("empty body")
