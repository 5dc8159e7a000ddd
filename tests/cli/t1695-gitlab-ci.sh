#!/bin/sh
# t1695-gitlab-ci: hooks/gitlab-ci.yml is strict YAML, defines no stages,
# validates against GitLab's own JSON Schema of .gitlab-ci.yml (vendored in
# tests/conformance/data/gitlab-ci), and its jobs' scripts, run as the runner
# would on a merge request, check the range, keep the reports and post the
# review note only when a token is set.  The schema and the scripts need node
# (Ajv and yaml, installed into tests/trash/npm); skipped without.
. "$(dirname "$0")/lib.sh"

TEMPLATE=$SRC/hooks/gitlab-ci.yml
printf 'type: object\n' >object.schema.yaml
test_expect strict-yaml 0 openreg validate --schema object.schema.yaml "$TEMPLATE"
test_assert "no stages: key" sh -c '! grep -q "^stages:" "$1"' - "$TEMPLATE"
test_assert "no job names a stage" sh -c '! grep -q "^  stage:" "$1"' - "$TEMPLATE"
test_assert "the build is pinned to a tag" grep -q 'branch "${OPENREG_VERSION:?' "$TEMPLATE"

if ! NODE_MODULES=$(node_modules ajv@8.20.0 ajv-formats@3.0.1 yaml@2.9.1); then
	test_skip "valid against GitLab's CI schema" "node, npm or the npm registry is not available"
	test_skip "the jobs run on a merge request" "no node"
	test_done
fi
ci() {
	NODE_PATH=$NODE_MODULES node "$SRC/tests/cli/gitlab-ci.js" "$@"
}
test_expect schema 0 ci validate "$SRC/tests/conformance/data/gitlab-ci/ci.json" "$TEMPLATE"
# the schema can fail: a job with an unknown key is refused
sed 's/^  extends: .openreg$/  extends: .openreg\n  colour: blue/' "$TEMPLATE" >bad-ci.yml
test_expect schema-refuses 1 ci validate "$SRC/tests/conformance/data/gitlab-ci/ci.json" bad-ci.yml

# a merge request, run as the runner runs the jobs (openreg already on the PATH)
git config --global init.defaultBranch main
test_tick
openreg init --template sample project >/dev/null && cd project || exit 2
git checkout -q -b mr &&
openreg new organisation --name 'Stichting Samen Sterk' --kind zelforganisatie >/dev/null &&
git add records && test_tick && git commit -q -m 'Samen Sterk' || exit 2
mkdir -p "$TRASH/bin" && cat >"$TRASH/bin/curl" <<'CURL'
#!/bin/sh
# records the call instead of posting
for a in "$@"; do case "$a" in body@*) cp "${a#body@}" "$TRASH/posted.md" ;; esac; done
printf '%s\n' "$@" | grep -v '^body@' >"$TRASH/curl.args"
CURL
chmod +x "$TRASH/bin/curl"
run_job() { # JOB VAR=VALUE...
	job=$1
	shift
	ci script "$TEMPLATE" "$job" >"$TRASH/$job.sh" &&
	env PATH="$TRASH/bin:$(dirname "$OPENREG"):$PATH" TRASH="$TRASH" OPENREG_PREBUILT=1 \
		CI_COMMIT_SHA="$(git rev-parse HEAD)" CI_MERGE_REQUEST_DIFF_BASE_SHA="$(git rev-parse main)" \
		CI_MERGE_REQUEST_IID=7 CI_PROJECT_ID=42 CI_API_V4_URL=https://gitlab.example.org/api/v4 "$@" \
		sh "$TRASH/$job.sh" >/dev/null 2>&1
}
test_assert "openreg:check passes a clean merge request" run_job openreg:check
test_assert "and keeps the Code Quality report" test -s gl-code-quality-report.json
run_job openreg:review
test_assert "the confidential review is kept" grep -q 'VERTROUWELIJK' openreg-review.md
test_assert "no note without a token" test ! -e "$TRASH/curl.args"
run_job openreg:review OPENREG_NOTE_TOKEN=secret
test_expect note-call 0 cat "$TRASH/curl.args"
test_assert "the note is the public view" sh -c '! grep -q VERTROUWELIJK "$1" && grep -q "Samen Sterk" "$1"' - "$TRASH/posted.md"

# a merge request that breaks a rule fails openreg:check, and its log quotes no finding
printf 'date: 2025-05-01\norganisations:\n  - nergens-geheim\nkind: structureel\n' >records/contacts/2025/2025-05-01-x.yaml &&
git add records && test_tick && git commit -q --no-verify -m 'x' || exit 2
fails() { ! "$@"; }
test_assert "openreg:check fails a broken merge request" fails run_job openreg:check
ci script "$TEMPLATE" openreg:check >"$TRASH/check.sh"
env PATH="$(dirname "$OPENREG"):$PATH" OPENREG_PREBUILT=1 CI_COMMIT_SHA="$(git rev-parse HEAD)" \
	CI_MERGE_REQUEST_DIFF_BASE_SHA="$(git rev-parse main)" sh "$TRASH/check.sh" >"$TRASH/check.log" 2>&1
test_assert "its log quotes no finding" sh -c '! grep -q nergens-geheim "$1" && grep -q "found errors" "$1"' - "$TRASH/check.log"
test_done
