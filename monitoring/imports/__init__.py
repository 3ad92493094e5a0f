"""File imports and data entry: case counts and places, read and checked in one pass,
then written all or nothing (see ``docs/imports.md``)."""
