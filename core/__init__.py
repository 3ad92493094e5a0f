"""The bottom layer: what every app may use and that imports none of them (errors, audit
recording). ``core`` imports only Django and the standard library."""
