/*
 * report.c - the output formats of a list of findings: text for people,
 * JSON for scripts, and the reports that CI systems read (GitLab Code
 * Quality, SARIF 2.1.0, JUnit XML).  findings.c keeps the list.
 *
 * Every writer builds the whole report in one buffer and writes it once,
 * so that a failure part-way leaves nothing half written.  The output is a
 * function of the findings alone (no dates, no host names): the same
 * findings give the same bytes.  The CI reports never quote a message
 * (see report_message).
 */
#include "internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const struct oreg_named formats[] = {
	{ "text", OREG_FORMAT_TEXT },
	{ "json", OREG_FORMAT_JSON },
	{ "codequality", OREG_FORMAT_CODEQUALITY },
	{ "sarif", OREG_FORMAT_SARIF },
	{ "junit", OREG_FORMAT_JUNIT },
};

int oreg_format_parse(const char *name)
{
	return oreg_named_find(formats, ARRAY_SIZE(formats), name, name ? strlen(name) : 0, -1);
}

static const char *severity_name(enum oreg_severity s)
{
	return s == OREG_SEVERITY_ERROR ? "error" : "warning";
}

/* ---- text ---- */

/*
 * A message may quote record content; a newline or escape sequence in it
 * must not forge a second diagnostic line or drive the terminal.
 */
static void add_printable(struct oreg_buf *out, const char *s)
{
	oreg_escape_add(out, OREG_ESCAPE_LINE, s, strlen(s));
}

/* ANSI SGR sequences of the coloured text: as gcc and git colour them */
#define SGR_BOLD "\033[1m"
#define SGR_ERROR "\033[1;31m"
#define SGR_WARNING "\033[1;33m"
#define SGR_RESET "\033[m"

static void add_text_line(struct oreg_buf *b, const struct oreg_finding *f, bool color)
{
	if (color)
		oreg_buf_adds(b, SGR_BOLD);
	add_printable(b, f->file);
	/* a finding about a ref or a commit has no line */
	if (f->line)
		oreg_buf_addf(b, ":%u:%u", f->line, f->column);
	oreg_buf_adds(b, color ? ":" SGR_RESET " " : ": ");
	if (color)
		oreg_buf_adds(b, f->severity == OREG_SEVERITY_ERROR ? SGR_ERROR : SGR_WARNING);
	oreg_buf_adds(b, severity_name(f->severity));
	oreg_buf_adds(b, color ? ":" SGR_RESET " " : ": ");
	add_printable(b, f->message);
	oreg_buf_addf(b, " [%s]\n", f->rule);
}

static void write_text(struct oreg_buf *b, const struct oreg_findings *findings)
{
	size_t i;

	for (i = 0; i < findings->count; i++)
		add_text_line(b, &findings->items[i], false);
}

int oreg_finding_write_text(const struct oreg_finding *finding, unsigned flags, FILE *out)
{
	struct oreg_buf b = OREG_BUF_INIT;
	int err;

	add_text_line(&b, finding, flags & OREG_TEXT_COLOR);
	if ((err = oreg_buf_error(&b)) == 0 && fwrite(b.ptr, 1, b.len, out) != b.len)
		err = oreg_error(OREG_EIO, "cannot write diagnostics");
	oreg_buf_release(&b);
	return err;
}

/* ---- json ---- */

static void write_json(struct oreg_buf *b, const struct oreg_findings *findings)
{
	size_t i;

	oreg_buf_addch(b, '[');
	for (i = 0; i < findings->count; i++) {
		const struct oreg_finding *f = &findings->items[i];

		oreg_buf_adds(b, i ? ",\n  {" : "\n  {");
		oreg_buf_add_json_member(b, "\"file\": ", f->file);
		oreg_buf_addf(b, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\"",
			f->line, f->column, severity_name(f->severity));
		oreg_buf_add_json_member(b, ", \"rule\": ", f->rule);
		oreg_buf_add_json_member(b, ", \"pointer\": ", f->pointer);
		oreg_buf_add_json_member(b, ", \"message\": ", f->message);
		oreg_buf_addch(b, '}');
	}
	oreg_buf_adds(b, findings->count ? "\n]\n" : "]\n");
}

/* ---- fingerprints ---- */

#define FINGERPRINT_SIZE 65 /* 64 hex digits and a NUL */

struct fingerprint {
	unsigned char digest[32];
	size_t index; /* of the finding */
};

/*
 * The hashed input is file, rule, pointer and message, each followed by a
 * NUL (none of them holds one), so that no two findings share an input;
 * then, for the second and later of findings equal in all four, ":1",
 * ":2", ...  Line and column are left out: a finding keeps its
 * fingerprint when lines are added above it, which is what lets GitLab and
 * code scanning tell a moved finding from a new one.
 */
static void fingerprint_digest(unsigned char out[32], const struct oreg_finding *f, size_t occurrence)
{
	struct oreg_sha256 s;

	oreg_sha256_init(&s);
	oreg_sha256_update(&s, f->file, strlen(f->file) + 1);
	oreg_sha256_update(&s, f->rule, strlen(f->rule) + 1);
	oreg_sha256_update(&s, f->pointer, strlen(f->pointer) + 1);
	oreg_sha256_update(&s, f->message, strlen(f->message) + 1);
	if (occurrence) {
		char suffix[32];
		int n = snprintf(suffix, sizeof(suffix), ":%zu", occurrence);

		oreg_sha256_update(&s, suffix, (size_t)n);
	}
	oreg_sha256_final(&s, out);
}

static int compare_fingerprint(const void *pa, const void *pb)
{
	const struct fingerprint *a = pa, *b = pb;
	int c = memcmp(a->digest, b->digest, sizeof(a->digest));

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * One hex fingerprint per finding, FINGERPRINT_SIZE bytes each, in a
 * malloc'd array; unique within the list.  Sorting the digests finds the
 * duplicates in n log n, where comparing every pair would not scale to a
 * register with thousands of findings.
 */
static int fingerprints_new(char **out, const struct oreg_findings *findings)
{
	static const char hex[] = "0123456789abcdef";
	struct fingerprint *fp = NULL;
	char *text = NULL;
	size_t i, j, k;
	int err = 0;

	*out = NULL;
	if (!findings->count)
		return 0;
	if (!(fp = oreg_calloc(findings->count, sizeof(*fp))) ||
		!(text = oreg_calloc(findings->count, FINGERPRINT_SIZE))) {
		err = OREG_ENOMEM;
		goto done;
	}
	for (i = 0; i < findings->count; i++) {
		fingerprint_digest(fp[i].digest, &findings->items[i], 0);
		fp[i].index = i;
	}
	qsort(fp, findings->count, sizeof(*fp), compare_fingerprint);
	for (i = 0; i < findings->count; i = j) {
		for (j = i + 1; j < findings->count && !memcmp(fp[i].digest, fp[j].digest, 32); j++)
			;
		/* the first keeps its fingerprint; a later copy must not change it */
		for (k = i + 1; k < j; k++)
			fingerprint_digest(fp[k].digest, &findings->items[fp[k].index], k - i);
	}
	for (i = 0; i < findings->count; i++) {
		char *t = text + fp[i].index * FINGERPRINT_SIZE;

		for (k = 0; k < 32; k++) {
			t[2 * k] = hex[fp[i].digest[k] >> 4];
			t[2 * k + 1] = hex[fp[i].digest[k] & 15];
		}
		t[64] = '\0';
	}
	*out = text;
	text = NULL;
done:
	free(fp);
	free(text);
	return err;
}

/* ---- GitLab Code Quality ---- */

static void write_codequality(struct oreg_buf *b, const struct oreg_findings *findings,
	const char *fingerprints)
{
	struct oreg_buf description = OREG_BUF_INIT;
	size_t i;

	oreg_buf_addch(b, '[');
	for (i = 0; i < findings->count; i++) {
		const struct oreg_finding *f = &findings->items[i];

		oreg_buf_clear(&description);
		oreg_buf_adds(&description, f->message);
		oreg_buf_adds(&description, " [");
		oreg_buf_adds(&description, f->rule);
		oreg_buf_addch(&description, ']');
		if (description.oom)
			b->oom = true;

		oreg_buf_adds(b, i ? ",\n  {" : "\n  {");
		oreg_buf_adds(b, "\"description\": ");
		oreg_buf_add_json_string(b, description.ptr, description.len);
		oreg_buf_add_json_member(b, ", \"check_name\": ", f->rule);
		oreg_buf_addf(b, ", \"fingerprint\": \"%s\"", fingerprints + i * FINGERPRINT_SIZE);
		oreg_buf_addf(b, ", \"severity\": \"%s\"",
			f->severity == OREG_SEVERITY_ERROR ? "major" : "minor");
		oreg_buf_add_json_member(b, ", \"location\": {\"path\": ", f->file);
		/* GitLab needs a line; a finding about the whole file points at 1 */
		oreg_buf_addf(b, ", \"lines\": {\"begin\": %u}}}", f->line ? f->line : 1);
	}
	oreg_buf_adds(b, findings->count ? "\n]\n" : "]\n");
	oreg_buf_release(&description);
}

/* ---- SARIF 2.1.0 ---- */

/*
 * A file name as a relative URI reference (RFC 3986): unreserved
 * characters, sub-delims, '@' and '/' stay; everything else, ':' too (it
 * would make the first segment read as a scheme), is percent-encoded
 * byte by byte, non-ASCII bytes included.
 */
static void add_uri(struct oreg_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char keep[] = "-._~!$&'()*+,;=@/";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			strchr(keep, c)) {
			oreg_buf_addch(b, (char)c);
		} else {
			char pct[3] = { '%', hex[c >> 4], hex[c & 15] };

			oreg_buf_add(b, pct, 3);
		}
	}
}

static int compare_string(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The distinct rule ids of findings, sorted, borrowed from the findings; *out malloc'd. */
static int rules_new(const char ***out, size_t *count, const struct oreg_findings *findings)
{
	const char **rules;
	size_t i, n = 0;

	*out = NULL;
	*count = 0;
	if (!findings->count)
		return 0;
	if (!(rules = oreg_calloc(findings->count, sizeof(*rules))))
		return OREG_ENOMEM;
	for (i = 0; i < findings->count; i++)
		rules[i] = findings->items[i].rule;
	qsort(rules, findings->count, sizeof(*rules), compare_string);
	for (i = 0; i < findings->count; i++)
		if (!n || strcmp(rules[n - 1], rules[i]))
			rules[n++] = rules[i];
	*out = rules;
	*count = n;
	return 0;
}

static size_t rule_index(const char **rules, size_t count, const char *rule)
{
	const char **hit = bsearch(&rule, rules, count, sizeof(*rules), compare_string);

	assert(hit);
	return (size_t)(hit - rules);
}

static int write_sarif(struct oreg_buf *b, const struct oreg_findings *findings, const char *fingerprints)
{
	const char **rules;
	size_t nrules, i;
	int err;

	if ((err = rules_new(&rules, &nrules, findings)) < 0)
		return err;
	oreg_buf_adds(b, "{\n"
		"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		"  \"version\": \"2.1.0\",\n"
		"  \"runs\": [\n"
		"    {\n"
		"      \"tool\": {\n"
		"        \"driver\": {\n"
		"          \"name\": \"openreg\",\n"
		"          \"version\": \"" OREG_VERSION "\",\n"
		"          \"rules\": [");
	for (i = 0; i < nrules; i++) {
		oreg_buf_add_json_member(b, i ? ",\n            {\"id\": " : "\n            {\"id\": ", rules[i]);
		oreg_buf_addch(b, '}');
	}
	oreg_buf_adds(b, nrules ? "\n          ]\n" : "]\n");
	/* columns come from libyaml, which counts characters, not UTF-16 units */
	oreg_buf_adds(b, "        }\n"
		"      },\n"
		"      \"columnKind\": \"unicodeCodePoints\",\n"
		"      \"results\": [");
	for (i = 0; i < findings->count; i++) {
		const struct oreg_finding *f = &findings->items[i];

		oreg_buf_adds(b, i ? ",\n        {\n" : "\n        {\n");
		oreg_buf_add_json_member(b, "          \"ruleId\": ", f->rule);
		oreg_buf_addf(b, ",\n          \"ruleIndex\": %zu", rule_index(rules, nrules, f->rule));
		oreg_buf_addf(b, ",\n          \"level\": \"%s\"", severity_name(f->severity));
		oreg_buf_add_json_member(b, ",\n          \"message\": {\"text\": ", f->message);
		oreg_buf_adds(b, "},\n          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"");
		add_uri(b, f->file);
		oreg_buf_adds(b, "\"}");
		/* SARIF lines and columns start at 1; 0 means "the whole file" */
		if (f->line) {
			oreg_buf_addf(b, ", \"region\": {\"startLine\": %u", f->line);
			if (f->column)
				oreg_buf_addf(b, ", \"startColumn\": %u", f->column);
			oreg_buf_addch(b, '}');
		}
		oreg_buf_adds(b, "}}]");
		oreg_buf_addf(b, ",\n          \"partialFingerprints\": {\"openreg/v1\": \"%s\"}",
			fingerprints + i * FINGERPRINT_SIZE);
		if (*f->pointer) {
			oreg_buf_add_json_member(b, ",\n          \"properties\": {\"pointer\": ", f->pointer);
			oreg_buf_addch(b, '}');
		}
		oreg_buf_adds(b, "\n        }");
	}
	oreg_buf_adds(b, findings->count ? "\n      ]\n" : "]\n");
	oreg_buf_adds(b, "    }\n  ]\n}\n");
	free(rules);
	return 0;
}

/* ---- JUnit XML ---- */

/*
 * XML 1.0 character data or an attribute value: the HTML escaper
 * (escape.c) writes both, with tab and line breaks as references and
 * what XML cannot carry as visible escapes.
 */
static void add_xml(struct oreg_buf *b, const char *s)
{
	oreg_escape_add(b, OREG_ESCAPE_HTML, s, strlen(s));
}

static void write_junit(struct oreg_buf *b, const struct oreg_findings *findings)
{
	size_t tests = findings->count ? findings->count : 1;
	size_t failures = oreg_findings_errors(findings), i;

	oreg_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	oreg_buf_addf(b, "<testsuites name=\"openreg\" tests=\"%zu\" failures=\"%zu\">\n", tests, failures);
	oreg_buf_addf(b, "  <testsuite name=\"openreg check\" tests=\"%zu\" failures=\"%zu\">\n",
		tests, failures);
	if (!findings->count)
		oreg_buf_adds(b, "    <testcase classname=\"openreg\" name=\"register\"/>\n");
	for (i = 0; i < findings->count; i++) {
		const struct oreg_finding *f = &findings->items[i];

		oreg_buf_adds(b, "    <testcase classname=\"");
		add_xml(b, f->rule);
		oreg_buf_adds(b, "\" name=\"");
		add_xml(b, f->file);
		oreg_buf_addf(b, ":%u:%u\">\n", f->line, f->column);
		if (f->severity == OREG_SEVERITY_ERROR) {
			oreg_buf_adds(b, "      <failure type=\"");
			add_xml(b, f->rule);
			oreg_buf_adds(b, "\" message=\"");
			add_xml(b, f->message);
			oreg_buf_adds(b, "\">");
			add_xml(b, f->message);
			oreg_buf_adds(b, "</failure>\n");
		} else {
			oreg_buf_adds(b, "      <system-out>");
			add_xml(b, f->message);
			oreg_buf_adds(b, "</system-out>\n");
		}
		oreg_buf_adds(b, "    </testcase>\n");
	}
	oreg_buf_adds(b, "  </testsuite>\n</testsuites>\n");
}

/* ---- the reports that CI keeps ---- */

/*
 * What a CI report says of a finding in place of its message.  A message
 * may quote a confidential value, a commit subject or personal data (the
 * very data the privacy rule found), and the reports of a CI pipeline are
 * read by everyone with access to it, so they say what kind of finding it
 * is and where, never what the record holds.  The text output, read by
 * the person who made the change, keeps the full message.
 */
static const char *report_message(const char *rule)
{
	static const struct {
		const char *rule, *message;
	} messages[] = {
		{ OREG_RULE_YAML, "the file is not strict YAML" },
		{ OREG_RULE_SCHEMA, "a value does not follow the schema of its record type" },
		{ OREG_RULE_SCHEMA_DEF, "a schema in schemas/ is not valid" },
		{ OREG_RULE_REGISTER, "the register's configuration (schemas/register.yaml) is not valid" },
		{ OREG_RULE_LAYOUT, "the file's name or folder does not follow the register's layout" },
		{ OREG_RULE_ENDORSEMENT, "a partnership begins before the organisation endorsed the Agenda" },
		{ OREG_RULE_PRIVACY, "personal data (a citizen service number, e-mail address, phone number, IBAN or "
			"name of a person): remove it" },
		{ "ref", "a reference names no record of that type" },
		{ "exclusion", "a contact, partnership or name concerns an excluded organisation" },
		{ "history", "a change breaks the history rules" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(messages); i++)
		if (!strcmp(rule, messages[i].rule))
			return messages[i].message;
	return "a rule is broken";
}

static int report_findings(struct oreg_findings *out, const struct oreg_findings *findings)
{
	size_t i;
	int err = 0;

	for (i = 0; i < findings->count && !err; i++) {
		const struct oreg_finding *f = &findings->items[i];

		err = oreg_findings_add(out, f->severity, f->file, f->line, f->column, f->rule, f->pointer,
			"%s; openreg check shows the details", report_message(f->rule));
	}
	return err;
}

int oreg_findings_write(const struct oreg_findings *findings, enum oreg_format format, FILE *out)
{
	struct oreg_buf b = OREG_BUF_INIT;
	struct oreg_findings quiet;
	char *fingerprints = NULL;
	int err = 0;

	oreg_findings_init(&quiet);
	if (format == OREG_FORMAT_CODEQUALITY || format == OREG_FORMAT_SARIF || format == OREG_FORMAT_JUNIT) {
		if ((err = report_findings(&quiet, findings)) < 0)
			goto done;
		findings = &quiet;
	}
	switch (format) {
	case OREG_FORMAT_TEXT:
		write_text(&b, findings);
		break;
	case OREG_FORMAT_JSON:
		write_json(&b, findings);
		break;
	case OREG_FORMAT_CODEQUALITY:
	case OREG_FORMAT_SARIF:
		if ((err = fingerprints_new(&fingerprints, findings)) < 0)
			goto done;
		if (format == OREG_FORMAT_CODEQUALITY)
			write_codequality(&b, findings, fingerprints);
		else if ((err = write_sarif(&b, findings, fingerprints)) < 0)
			goto done;
		break;
	case OREG_FORMAT_JUNIT:
		write_junit(&b, findings);
		break;
	default:
		err = oreg_error(OREG_EINVALID, "unknown output format %d", (int)format);
		goto done;
	}
	if ((err = oreg_buf_error(&b)) < 0)
		goto done;
	if (fwrite(b.ptr, 1, b.len, out) != b.len)
		err = oreg_error(OREG_EIO, "cannot write diagnostics");
done:
	free(fingerprints);
	oreg_buf_release(&b);
	oreg_findings_release(&quiet);
	return err;
}
