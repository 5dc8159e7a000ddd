#!/bin/sh
# t1520-datapackage: the public overview as a Frictionless Data Package,
# validated against the Data Package and Table Schema profiles (version 1.0,
# vendored in tests/fixtures/frictionless/) with openreg's own JSON Schema
# engine, after removing the profiles' annotation-only keywords that the
# engine refuses as unknown (see the README there); and every CSV table
# checked against its Table Schema: the header, the types, the primary key.
. "$(dirname "$0")/lib.sh"

FR=$SRC/tests/fixtures/frictionless
sh "$SRC/tests/fixtures/demo-register.sh" demo >/dev/null || exit 2
cd demo || exit 2

# strip_annotations IN OUT: the profile without propertyOrder, context, options, notes, example(s)
# and formats other than date (draft-07 treats format as an annotation)
strip_annotations() {
	python3 - "$1" "$2" <<'PY'
import json, sys
drop = {'propertyOrder', 'context', 'options', 'notes', 'example', 'examples:'}
def walk(x, names=False):
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if not names and (k in drop or (k == 'format' and v != 'date')):
                continue
            out[k] = walk(v, k in ('properties', 'definitions', '$defs', 'patternProperties'))
        return out
    if isinstance(x, list):
        return [walk(v) for v in x]
    return x
json.dump(walk(json.load(open(sys.argv[1]))), open(sys.argv[2], 'w'), indent=1)
PY
}
if ! command -v python3 >/dev/null; then
	test_skip "data package validates" "python3 is needed to prepare the profiles"
	test_done
fi
strip_annotations "$FR/datapackage.schema.json" dp.schema.json &&
strip_annotations "$FR/tableschema.schema.json" ts.schema.json || exit 2

test_expect overview-datapackage 0 openreg overview --year 2024 --format datapackage -o pkg
test_expect datapackage-json 0 cat pkg/datapackage.json
test_assert "the tables are there" sh -c 'for t in organisations partnerships started ended deleted; do test -s pkg/$t.csv || exit 1; done'
test_expect validate-datapackage 0 openreg validate --schema dp.schema.json pkg/datapackage.json
# each resource's Table Schema against the Table Schema profile
python3 - <<'PY' || exit 2
import json
d = json.load(open('pkg/datapackage.json'))
for r in d['resources']:
    json.dump(r['schema'], open('pkg/%s.schema.json' % r['name'], 'w'))
PY
for t in organisations partnerships started ended deleted; do
	test_expect "validate-tableschema-$t" 0 openreg validate --schema ts.schema.json "pkg/$t.schema.json"
done
# the engine is no pushover: a broken package and a broken table schema are refused
sed 's/"name": "openreg-overview-2024"/"name": "Openreg Overview"/' pkg/datapackage.json >bad-name.json
test_expect refuse-bad-name 1 openreg validate --schema dp.schema.json bad-name.json
sed 's/"type": "integer"/"type": "whole number"/' pkg/organisations.schema.json >bad-type.json
test_expect refuse-bad-type 1 openreg validate --schema ts.schema.json bad-type.json
# every CSV file: its header is its schema's fields, its values of their types, its primary key unique
check_tables() {
	python3 - <<'PY'
import csv, json, re, sys
d = json.load(open('pkg/datapackage.json'))
ok = True
for r in d['resources']:
    rows = list(csv.reader(open('pkg/' + r['path'], newline='', encoding='utf-8')))
    names = [f['name'] for f in r['schema']['fields']]
    if rows[0] != names:
        print(r['name'], 'header', rows[0], '!=', names); ok = False
    pk = r['schema']['primaryKey']
    pk = [pk] if isinstance(pk, str) else pk
    seen = set()
    for row in rows[1:]:
        rec = dict(zip(names, row))
        for f in r['schema']['fields']:
            v = rec[f['name']]
            if v == '':
                continue
            t = f['type']
            if (t == 'integer' and not re.fullmatch(r'-?[0-9]+', v)) or \
               (t == 'date' and not re.fullmatch(r'[0-9]{4}-[0-9]{2}-[0-9]{2}', v)) or \
               (t == 'boolean' and v not in ('true', 'false')):
                print(r['name'], f['name'], 'not a', t, repr(v)); ok = False
        key = tuple(rec[k] for k in pk)
        if key in seen or '' in key:
            print(r['name'], 'primary key', key, 'repeated or empty'); ok = False
        seen.add(key)
sys.exit(0 if ok else 1)
PY
}
test_assert "every table matches its Table Schema" check_tables
test_assert "public: CC0, the period and the source commit" sh -c 'grep -q "\"name\": \"CC0-1.0\"" pkg/datapackage.json &&
	grep -q "\"period\": {\"from\": \"2024-01-01\", \"until\": \"2024-12-31\"}" pkg/datapackage.json &&
	grep -q "\"source\": {\"commit\": \"$(git rev-parse HEAD)\"" pkg/datapackage.json'
test_assert "public: no confidential field, no author" sh -c '! grep -rqi "notes\|toelichting\|confidential\|author\|A U Thor\|Vries" pkg'
# confidential: no licence, the marking instead, and the confidential columns
test_expect confidential-datapackage 0 openreg overview --year 2024 --confidential --format datapackage -o cpkg
test_assert "confidential: no open licence, marked" sh -c '! grep -q CC0 cpkg/datapackage.json &&
	grep -q "\"rubricering\": \"Departementaal vertrouwelijk\"" cpkg/datapackage.json &&
	grep -q "^\"Departementaal vertrouwelijk\"," cpkg/organisations.csv'
test_expect validate-confidential 0 openreg validate --schema dp.schema.json cpkg/datapackage.json
# CSV tables for people: one file per table into a folder, or one table; the excel-nl dialect
test_expect csv-folder 0 openreg overview --year 2024 --format csv -o tables/
test_assert "csv folder holds each table, header first" sh -c 'head -c 14 tables/partnerships.csv | grep -q "^\"Rubricering\"" &&
	test -s tables/deleted.csv && test -s tables/started.csv'
test_expect csv-table-partnerships 0 openreg overview --year 2024 --format csv --table partnerships
test_expect csv-excel-nl 0 openreg overview --year 2024 --format csv --csv-dialect excel-nl --table ended
test_expect csv-table-unknown 2 openreg overview --year 2024 --format csv --table nonsense
test_expect csv-table-no-corrections 2 openreg overview --year 2024 --format csv --table corrections
test_expect table-without-csv 2 openreg overview --year 2024 --table partnerships
test_expect datapackage-without-folder 2 openreg overview --year 2024 --format datapackage
test_done
