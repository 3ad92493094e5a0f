"""Database-side rules for monitoring data.

- Places (establishments, counselling points, treatment facilities): ``commune_id`` is
  set from ``location`` by ``geo_commune_at`` on every insert and on every update that
  names ``location``; what the writer put there is ignored.
- Case counts: a part may never exceed its whole for the same unit and month. The check
  is a constraint trigger, DEFERRABLE INITIALLY IMMEDIATE, so an import that rewrites a
  whole and its parts together can defer it to commit.
"""

from django.db import migrations

PLACE_TABLES = [
    "monitoring_establishment",
    "monitoring_counsellingpoint",
    "monitoring_treatmentfacility",
]

SET_COMMUNE = """
CREATE OR REPLACE FUNCTION monitoring_set_commune() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.commune_id := geo_commune_at(NEW.location);
    RETURN NEW;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER {table}_commune
BEFORE INSERT OR UPDATE OF location, commune_id ON {table}
FOR EACH ROW EXECUTE FUNCTION monitoring_set_commune();
"""
    for table in PLACE_TABLES
)

PART_NOT_ABOVE_WHOLE = """
CREATE OR REPLACE FUNCTION monitoring_casecount_part_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
    -- This row as a part: its whole, if reported, must be at least as large.
    SELECT part.code AS part_code, NEW.value AS part_value,
           whole.code AS whole_code, w.value AS whole_value
      INTO bad
      FROM monitoring_indicator part
      JOIN monitoring_indicator whole ON whole.id = part.part_of_id
      JOIN monitoring_casecount w ON w.indicator_id = whole.id
           AND w.unit_id = NEW.unit_id AND w.period = NEW.period
     WHERE part.id = NEW.indicator_id AND w.value < NEW.value
     LIMIT 1;
    IF NOT FOUND THEN
        -- This row as a whole: none of its parts may be larger.
        SELECT part.code AS part_code, p.value AS part_value,
               whole.code AS whole_code, NEW.value AS whole_value
          INTO bad
          FROM monitoring_indicator whole
          JOIN monitoring_indicator part ON part.part_of_id = whole.id
          JOIN monitoring_casecount p ON p.indicator_id = part.id
               AND p.unit_id = NEW.unit_id AND p.period = NEW.period
         WHERE whole.id = NEW.indicator_id AND p.value > NEW.value
         LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'casecount_part_not_above_whole: part % = % exceeds its whole % = %'
            ' (unit %, month %)',
            bad.part_code, bad.part_value, bad.whole_code, bad.whole_value,
            (SELECT code FROM geo_adminunit WHERE id = NEW.unit_id), to_char(NEW.period, 'YYYY-MM')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'casecount_part_not_above_whole';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER casecount_part_not_above_whole
AFTER INSERT OR UPDATE OF value, indicator_id, unit_id, period ON monitoring_casecount
DEFERRABLE INITIALLY IMMEDIATE
FOR EACH ROW EXECUTE FUNCTION monitoring_casecount_part_check();
"""

DROP = (
    "".join(f"DROP TRIGGER IF EXISTS {t}_commune ON {t};\n" for t in PLACE_TABLES)
    + """
DROP FUNCTION IF EXISTS monitoring_set_commune();
DROP TRIGGER IF EXISTS casecount_part_not_above_whole ON monitoring_casecount;
DROP FUNCTION IF EXISTS monitoring_casecount_part_check();
"""
)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial"), ("geo", "0002_sql_rules")]

    operations = [migrations.RunSQL(SET_COMMUNE + PART_NOT_ABOVE_WHOLE, DROP)]
