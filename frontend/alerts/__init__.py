"""The alerts page: early-warning alerts of the leader's areas, their state changes and
their export."""
