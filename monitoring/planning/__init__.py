"""Planning tools: where new community counselling points should open (pure engines)."""
