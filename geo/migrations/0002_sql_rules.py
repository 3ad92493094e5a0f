"""Database-side rules for administrative units.

- ``geo_commune_at(point)``: the one current commune holding a point. Inside a commune:
  that commune. On a boundary shared by several communes: the one with the smallest
  official code (documented in docs/geometry.md). Outside every commune: NULL.
- A unit's parent must be of a higher level (province > district > commune); a commune
  may hang directly under a province (two-tier layout after 1 July 2025).
"""

from django.db import migrations

COMMUNE_AT = """
CREATE OR REPLACE FUNCTION geo_commune_at(p geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT id FROM geo_adminunit
    WHERE level = 'commune' AND valid_to IS NULL AND ST_Covers(geom, p)
    ORDER BY code
    LIMIT 1
$$;
"""

LEVEL_RANK = """
CREATE OR REPLACE FUNCTION geo_level_rank(level text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE level WHEN 'province' THEN 1 WHEN 'district' THEN 2 WHEN 'commune' THEN 3 END
$$;

CREATE OR REPLACE FUNCTION geo_adminunit_parent_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE parent_level text;
BEGIN
    IF NEW.parent_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT level INTO parent_level FROM geo_adminunit WHERE id = NEW.parent_id;
    IF geo_level_rank(parent_level) >= geo_level_rank(NEW.level) THEN
        RAISE EXCEPTION 'adminunit_parent_level: unit % (%) cannot have a parent of level %',
            NEW.code, NEW.level, parent_level
            USING ERRCODE = 'check_violation', CONSTRAINT = 'adminunit_parent_level';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER adminunit_parent_level
BEFORE INSERT OR UPDATE OF parent_id, level ON geo_adminunit
FOR EACH ROW EXECUTE FUNCTION geo_adminunit_parent_check();
"""

DROP = """
DROP TRIGGER IF EXISTS adminunit_parent_level ON geo_adminunit;
DROP FUNCTION IF EXISTS geo_adminunit_parent_check();
DROP FUNCTION IF EXISTS geo_level_rank(text);
DROP FUNCTION IF EXISTS geo_commune_at(geometry);
"""


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunSQL(COMMUNE_AT + LEVEL_RANK, DROP)]
