#!/bin/sh
# The GitLab template keeps secrets secret: every job whose artifacts hold
# confidential output (made with --confidential, or the full messages of
# check) lets only developers download them and lets them expire; the
# public reports quote no message, and no job prints the messages in its log.
. "$(dirname "$0")/lib.sh"

CI=$SRC/hooks/gitlab-ci.yml
test_assert "the template is YAML whose confidential artifacts are for developers and expire" python3 - "$CI" <<'PY'
import sys, yaml
ci = yaml.safe_load(open(sys.argv[1]))
confidential = 0
for name, job in ci.items():
    if not isinstance(job, dict) or "script" not in job:
        continue
    script = "\n".join(job["script"])
    art = job.get("artifacts", {})
    paths = art.get("paths", [])
    if "--confidential" in script or "openreg-check.txt" in paths:
        confidential += 1
        assert art.get("access") == "developer", name
        assert art.get("expire_in") == "30 days", name
    else:
        assert "openreg-review.md" not in paths, name
assert confidential >= 1
PY
test_assert "the public check job keeps check's messages out of its log" \
	sh -c 'sed -n "/^openreg:check:/,/^openreg:review:/p" "$1" | grep -A1 -e "--report codequality" | grep -q "2>/dev/null"' - "$CI"
test_done
