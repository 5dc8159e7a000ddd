#!/usr/bin/python3
"""Validate a register's records with Python's jsonschema (Debian's python3-jsonschema).

    python-jsonschema.py DIR

Loads DIR/schemas/{organisation,contact,exclusion}.schema.yaml, builds a
Draft202012Validator for each with a FormatChecker (so that "format: date" is
asserted, not only annotated) and validates every *.yaml file under
DIR/records/<folder> against the schema of its folder: organisations,
contacts (with year folders below it), exclusions.  Records are read with
PyYAML's C loader (libyaml) when there is one.  PyYAML reads YAML 1.1, where
an unquoted 2024-03-05 is a datetime.date and fails "type: string": feed it a
register generated with "genreg --quoted-dates".

Prints "<n> valid" and exits 0 when every record is valid; otherwise prints
"<path>: <message>" for each invalid record and exits 1.  Single process, as
a user of the library would write it.
"""
import os
import sys

import jsonschema
import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    Loader = yaml.SafeLoader

TYPES = (("organisations", "organisation"), ("contacts", "contact"), ("exclusions", "exclusion"))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python-jsonschema.py DIR")
    top = sys.argv[1]
    checker = getattr(jsonschema.Draft202012Validator, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    valid = invalid = 0
    for folder, name in TYPES:
        with open(os.path.join(top, "schemas", name + ".schema.yaml"), "rb") as f:
            schema = yaml.load(f, Loader=Loader)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
        for root, dirs, files in os.walk(os.path.join(top, "records", folder)):
            dirs.sort()
            for file in sorted(files):
                if not file.endswith(".yaml"):
                    continue
                path = os.path.join(root, file)
                with open(path, "rb") as f:
                    doc = yaml.load(f, Loader=Loader)
                error = next(validator.iter_errors(doc), None)
                if error is None:
                    valid += 1
                else:
                    invalid += 1
                    where = "/".join(str(p) for p in error.absolute_path)
                    print("%s: %s%s" % (path, where + ": " if where else "", error.message))
    print("%d valid, %d invalid" % (valid, invalid))
    sys.exit(1 if invalid else 0)


if __name__ == "__main__":
    main()
