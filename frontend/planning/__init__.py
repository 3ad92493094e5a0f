"""The planning page (/maps/planning/): coverage of counselling points, gaps, siting,
what-if scenarios and the outreach plan."""
