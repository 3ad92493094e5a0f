"""The deterministic demo province: outline from OpenStreetMap, synthetic communes,
places and figures. Everything it writes is flagged ``is_demo``."""
