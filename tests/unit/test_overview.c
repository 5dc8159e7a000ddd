/* test_overview.c - the documents for Parliament: who belongs in a year, in which order, and escaping. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct fixture {
	struct oreg_register *reg;
	struct oreg_findings warnings;
	struct oreg_overview *ov;
	char *doc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct oreg_findings problems;

	oreg_findings_init(&problems);
	oreg_findings_init(&f->warnings);
	/* the project's own schemas: the tests run from the top of the tree */
	if (!f || oreg_register_open_dir(&f->reg, ".", &problems) < 0 || !f->reg)
		return -1;
	oreg_findings_release(&problems);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->doc);
	oreg_overview_free(f->ov);
	oreg_findings_release(&f->warnings);
	oreg_register_free(f->reg);
	free(f);
	return 0;
}

#define IN(path, text) { path, text, sizeof(text) - 1 }

static void build(struct fixture *f, const struct oreg_overview_input *in, size_t n, int year, int confidential)
{
	struct oreg_overview_options o = { .kind = OREG_DOCUMENT_OVERVIEW, .year = year,
		.confidential = confidential, .threads = 1 };

	assert_int_equal(oreg_overview_build(&f->ov, f->reg, in, n, &o, &f->warnings), 0);
	assert_non_null(f->ov);
}

static const char *render(struct fixture *f, enum oreg_document_format format, enum oreg_language lang)
{
	size_t len;

	free(f->doc);
	f->doc = NULL;
	assert_int_equal(oreg_overview_render(&f->doc, &len, f->ov, format, lang), 0);
	assert_int_equal(strlen(f->doc), len);
	return f->doc;
}

static const struct oreg_overview_input membership[] = {
	IN("records/organisations/partner.yaml",
		"name: Partner\nkind: overig\npartnerships:\n"
		"  - {from: 2023-06-01, until: 2024-01-31, themes: [taal], endorsed: 2023-05-01}\n"),
	IN("records/organisations/structureel.yaml", "name: Structureel\nkind: gemeente\ncity: Zwolle\n"),
	IN("records/organisations/incidenteel.yaml", "name: Incidenteel\nkind: overig\n"),
	IN("records/organisations/signalering.yaml", "name: Signalering\nkind: overig\n"),
	IN("records/organisations/oud.yaml",
		"name: Oud\nkind: overig\npartnerships:\n"
		"  - {from: 2021-01-01, until: 2023-12-31, themes: [werk], endorsed: 2020-12-01}\n"),
	IN("records/organisations/geheim.yaml",
		"name: Geheim\nkind: overig\nvisibility: confidential\nnotes: niet publiek\npartnerships:\n"
		"  - {from: 2024-01-01, themes: [werk], endorsed: 2023-12-01}\n"),
	IN("records/contacts/2024/aa.yaml",
		"date: 2024-03-01\norganisations: [structureel, partner, geheim]\nkind: structureel\nthemes: [gelijke-kansen]\n"),
	IN("records/contacts/2024/bb.yaml",
		"date: 2024-04-01\norganisations: [structureel, incidenteel]\nkind: incidenteel\nthemes: [werk]\n"),
	IN("records/contacts/2024/c.yaml",
		"date: 2024-05-01\norganisations: [signalering, structureel]\nkind: signalering\nthemes: [overig]\n"),
	IN("records/contacts/2024/d.yaml", "date: 2024-05-01\norganisations: [oud]\nkind: signalering\n"),
	IN("records/contacts/2024/kapot.yaml", "date: [\n"),
};

static void overview__membership__partnership_or_structural_contact(void **state)
{
	struct fixture *f = *state;

	build(f, membership, ARRAY_SIZE(membership), 2024, 0);
	/*
	 * incidental and signalering contacts alone do not make a member; the
	 * confidential one is left out (and counted), and so is the municipality:
	 * government bodies are not civil society
	 */
	assert_int_equal(f->ov->norgs, 1);
	assert_string_equal(f->ov->orgs[0].id, "partner");
	assert_int_equal(f->ov->withheld, 1);
	assert_int_equal(f->ov->out_of_scope, 1);
	/* the partner's themes: its partnership's and its structural contacts' */
	assert_int_equal(f->ov->orgs[0].nthemes, 2);
	assert_string_equal(f->ov->orgs[0].themes[0], "taal");
	assert_string_equal(f->ov->orgs[0].themes[1], "gelijke-kansen");
	assert_int_equal(f->ov->nstarted, 0);
	assert_int_equal(f->ov->nended, 1);
	assert_string_equal(f->ov->ended[0].org->id, "partner");
	assert_null(f->ov->orgs[0].notes);
	/* the broken contact is left out with a warning */
	assert_int_equal(f->warnings.count, 1);
	assert_string_equal(f->warnings.items[0].file, "records/contacts/2024/kapot.yaml");
	assert_string_equal(f->warnings.items[0].rule, "overview");
}

/* The register's definition of structural contact and its kinds in scope decide who is listed. */
static void overview__publication__definition_decides(void **state)
{
	struct fixture *f = *state;
	struct oreg_publication *pub = &f->reg->publication;
	char k1[] = "gemeente", k2[] = "overig";
	char *kinds[] = { k1, k2 };
	/* the register's own list, put back at the end */
	char **saved_kinds = pub->kinds;
	size_t saved_nkinds = pub->nkinds;
	int saved_given = pub->kinds_given;

	/* every kind in scope: the municipality with one structural contact is listed */
	pub->kinds_given = 1;
	pub->kinds = kinds;
	pub->nkinds = 2;
	build(f, membership, ARRAY_SIZE(membership), 2024, 0);
	assert_int_equal(f->ov->norgs, 2);
	assert_int_equal(f->ov->out_of_scope, 0);
	assert_string_equal(f->ov->orgs[1].id, "structureel");
	/* signalering is never counted; an incidental contact's themes are not the overview's */
	assert_int_equal(f->ov->orgs[1].structural, 1);
	assert_int_equal(f->ov->orgs[1].incidental, 1);
	assert_int_equal(f->ov->orgs[1].nthemes, 1);
	assert_string_equal(f->ov->orgs[1].themes[0], "gelijke-kansen");
	oreg_overview_free(f->ov);
	f->ov = NULL;
	/* two structural contacts needed: one is not enough; the partnership still is */
	pub->min_structural = 2;
	build(f, membership, ARRAY_SIZE(membership), 2024, 0);
	assert_int_equal(f->ov->norgs, 1);
	assert_string_equal(f->ov->orgs[0].id, "partner");
	oreg_overview_free(f->ov);
	f->ov = NULL;
	/* partnerships do not count: only contacts make it structural */
	pub->min_structural = 1;
	pub->by_partnership = 0;
	build(f, membership, ARRAY_SIZE(membership), 2024, 0);
	assert_int_equal(f->ov->norgs, 2);
	pub->by_partnership = 1;
	pub->kinds_given = saved_given;
	pub->kinds = saved_kinds;
	pub->nkinds = saved_nkinds;
	assert_non_null(strstr(render(f, OREG_DOCUMENT_MD, OREG_LANG_NL), "1 organisatie is om veiligheidsredenen niet "
		"opgenomen."));
}

static void overview__confidential__adds_records_and_fields(void **state)
{
	struct fixture *f = *state;

	build(f, membership, ARRAY_SIZE(membership), 2024, 1);
	assert_int_equal(f->ov->norgs, 2);
	assert_string_equal(f->ov->orgs[0].id, "geheim");
	assert_int_equal(f->ov->orgs[0].confidential, 1);
	assert_string_equal(f->ov->orgs[0].notes, "niet publiek");
	assert_int_equal(f->ov->nstarted, 1);
	assert_int_equal(f->ov->withheld, 0);
	assert_non_null(strstr(render(f, OREG_DOCUMENT_MD, OREG_LANG_NL), "# Departementaal vertrouwelijk: "));
	/* CSV: the header first, the marking in a column of every row */
	render(f, OREG_DOCUMENT_CSV, OREG_LANG_EN);
	assert_int_equal(strncmp(f->doc, "\"Classification\",\"Id\",", 22), 0);
	assert_non_null(strstr(f->doc, "\r\n\"Departmental confidential\",\"geheim\","));
	assert_non_null(strstr(f->doc, "\r\n\"Departmental confidential\",\"partner\","));
	assert_non_null(strstr(render(f, OREG_DOCUMENT_JSON, OREG_LANG_NL), "\"confidential\": true,\n"
		"  \"marking\": \"Departementaal vertrouwelijk\""));
	/* printed: the marking in the margin of every page, and at the top of the first */
	render(f, OREG_DOCUMENT_HTML, OREG_LANG_NL);
	assert_non_null(strstr(f->doc, "@top-center{content:\"Departementaal vertrouwelijk\""));
	assert_non_null(strstr(f->doc, "@bottom-center{content:\"Departementaal vertrouwelijk\""));
	assert_non_null(strstr(f->doc, "<p class=\"mark\" role=\"note\">Departementaal vertrouwelijk</p>"));
	assert_non_null(strstr(f->doc, "counter(page)"));
}

static void overview__sorting__folds_case_and_accents(void **state)
{
	static const struct oreg_overview_input in[] = {
		IN("records/organisations/zz.yaml", "name: zeta\nkind: overig\n"),
		IN("records/organisations/e1.yaml", "name: Élan\nkind: overig\n"),
		IN("records/organisations/e2.yaml", "name: eland\nkind: overig\n"),
		IN("records/organisations/aa.yaml", "name: Ærø\nkind: overig\n"),
		IN("records/organisations/bb.yaml", "name: 'Bèta'\nkind: overig\n"),
		IN("records/organisations/b2.yaml", "name: beta\nkind: overig\n"),
		IN("records/contacts/2024/xx.yaml",
			"date: 2024-01-05\norganisations: [zz, e1, e2, aa, bb, b2]\nkind: structureel\n"),
	};
	struct fixture *f = *state;

	build(f, in, ARRAY_SIZE(in), 2024, 0);
	assert_int_equal(f->ov->norgs, 6);
	assert_string_equal(f->ov->orgs[0].name, "Ærø");
	/* the same folded name: the bytes decide */
	assert_string_equal(f->ov->orgs[1].name, "Bèta");
	assert_string_equal(f->ov->orgs[2].name, "beta");
	assert_string_equal(f->ov->orgs[3].name, "Élan");
	assert_string_equal(f->ov->orgs[4].name, "eland");
	assert_string_equal(f->ov->orgs[5].name, "zeta");
}

static const struct oreg_overview_input nasty[] = {
	IN("records/organisations/nn.yaml",
		"name: \"=HYPERLINK(\\\"x\\\")|cmd <script>&amp; *a* _b_ `c` [d](e)\\nnext\"\n"
		"kind: maatschappelijke-organisatie\ncity: \"-2+3\"\n"
		"partnerships:\n  - {from: 2024-01-01, themes: [taal], endorsed: 2023-01-01}\n"),
};

static void overview__csv__quotes_and_neutralises_formulas(void **state)
{
	struct fixture *f = *state;
	const char *csv;

	build(f, nasty, ARRAY_SIZE(nasty), 2024, 0);
	csv = render(f, OREG_DOCUMENT_CSV, OREG_LANG_NL);
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"x\"\")|cmd <script>&amp; *a* _b_ `c` [d](e)\nnext\","));
	assert_non_null(strstr(csv, ",\"'-2+3\","));
	assert_non_null(strstr(csv, "\"Brondatum\"\r\n\"openbaar\",\"nn\","));
	assert_null(strstr(csv, "VERTROUWELIJK"));
	/* excel-nl: a byte-order mark, semicolons */
	free(f->doc);
	assert_int_equal(oreg_overview_render_table(&f->doc, &(size_t){ 0 }, f->ov, "organisations", OREG_LANG_NL,
		OREG_TABLE_EXCEL_NL), 0);
	assert_int_equal(strncmp(f->doc, "\xef\xbb\xbf\"Rubricering\";\"Id\";", 22), 0);
	free(f->doc);
	f->doc = NULL;
	assert_int_equal(oreg_overview_render_table(&f->doc, &(size_t){ 0 }, f->ov, "nonsense", OREG_LANG_NL, 0),
		OREG_ENOTFOUND);
}

static void overview__html_and_markdown__escape_everything(void **state)
{
	struct fixture *f = *state;
	const char *s;

	build(f, nasty, ARRAY_SIZE(nasty), 2024, 0);
	s = render(f, OREG_DOCUMENT_HTML, OREG_LANG_EN);
	assert_null(strstr(s, "<script"));
	assert_non_null(strstr(s, "<td>=HYPERLINK(&quot;x&quot;)|cmd &lt;script&gt;&amp;amp; *a* _b_ `c` [d](e)&#10;next</td>"));
	assert_non_null(strstr(s, "<html lang=\"en\">"));
	assert_null(strstr(s, "VERTROUWELIJK"));
	assert_null(strstr(s, "CONFIDENTIAL"));
	s = render(f, OREG_DOCUMENT_MD, OREG_LANG_NL);
	assert_non_null(strstr(s, "| =HYPERLINK(\"x\")\\|cmd \\<script\\>\\&amp; \\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) next |"));
}

static void overview__json__escapes_and_keeps_values(void **state)
{
	struct fixture *f = *state;
	const char *s;

	build(f, nasty, ARRAY_SIZE(nasty), 2024, 0);
	s = render(f, OREG_DOCUMENT_JSON, OREG_LANG_EN);
	assert_non_null(strstr(s, "\"name\": \"=HYPERLINK(\\\"x\\\")|cmd <script>&amp; *a* _b_ `c` [d](e)\\nnext\""));
	assert_non_null(strstr(s, "\"kind\": \"maatschappelijke-organisatie\",\n      \"kind_label\": "
		"\"civil-society organisation\""));
	assert_non_null(strstr(s, "\"confidential\": false,\n  \"marking\": null,"));
}

static void overview__markdown__exact_small_document(void **state)
{
	static const struct oreg_overview_input in[] = {
		IN("records/organisations/pp.yaml",
			"name: Partner\nkind: zelforganisatie\ncity: Ede\npartnerships:\n"
			"  - {from: 2024-03-01, until: 2024-09-30, themes: [werk, taal], endorsed: 2024-01-01}\n"),
	};
	struct fixture *f = *state;

	build(f, in, ARRAY_SIZE(in), 2024, 0);
	assert_string_equal(render(f, OREG_DOCUMENT_MD, OREG_LANG_EN),
		"# Overview of civil-society organisations 2024\n"
		"\n"
		"- Ministry: Ministry of Social Affairs and Employment\n"
		"- Directorate: Directorate Society and Integration\n"
		"- Annex to Kamerstuk: 32 824\n"
		"- Reporting period: 1 January 2024 to 31 December 2024\n"
		"- State of the register: -\n"
		"\n"
		"## Method\n"
		"\n"
		"Listed is every organisation that was a partner of the Action Agenda Integration in 2024, or with which the ministry had at least one structural contact in 2024. That is what structural contact means in this overview. The themes are those of the partnerships and of the structural contacts in 2024; the count is that of the structural and incidental contacts in 2024. Broad signal-gathering contacts (signalering) are never counted or listed.\n"
		"\n"
		"Organisations of these kinds are in scope: knowledge institute, self-organisation, religious organisation, civil-society organisation, umbrella organisation and other. Not listed, because they are not civil society: municipality, government body and contractor (0 organisations this year).\n"
		"\n"
		"0 organisations are not listed for safety reasons.\n"
		"\n"
		"The exclusion list was applied: the register refuses every contact and partnership with an organisation that the security services advise against, that demonstrably worked against integration or pursues undesired foreign influence, or that supports terrorist organisations, from the date of the exclusion on; each exclusion rests on an outside source.\n"
		"\n"
		"This overview follows the commitment in Kamerstuk 32 824, no. 445 and the\n"
		"Becker motion (Kamerstuk 35 228, no. 45). It is compiled from the ministry's\n"
		"register of civil-society contacts, which keeps every change with its date;\n"
		"anyone with access to the register can compile the overview again and gets\n"
		"the same content.\n"
		"\n"
		"Broad signal-gathering contacts with municipalities, communities and\n"
		"professionals are not reported. Personal data is not included.\n"
		"\n"
		"## Organisations\n"
		"\n"
		"| Name | Kind | City | Themes | Partnership | Structural | Incidental | Total |\n"
		"| --- | --- | --- | --- | --- | ---: | ---: | ---: |\n"
		"| Partner | self-organisation | Ede | language, work | 1 March 2024 to 30 September 2024 | 0 | 0 | 0 |\n"
		"\n"
		"## Partnerships started in 2024\n"
		"\n"
		"| Name | Partnership | Themes |\n"
		"| --- | --- | --- |\n"
		"| Partner | 1 March 2024 to 30 September 2024 | language, work |\n"
		"\n"
		"## Partnerships ended in 2024\n"
		"\n"
		"| Name | Partnership | Themes |\n"
		"| --- | --- | --- |\n"
		"| Partner | 1 March 2024 to 30 September 2024 | language, work |\n"
		"\n"
		"## Deleted from the register\n"
		"\n"
		"None.\n"
		"\n"
		"## Colophon\n"
		"\n"
		"- Compiled with: openreg " OREG_VERSION "\n");
}

static void overview__contacts__period_and_kinds(void **state)
{
	struct fixture *f = *state;
	struct oreg_overview_options o = { .kind = OREG_DOCUMENT_CONTACTS, .since = 20240315, .until = 20241231,
		.threads = 1 };

	assert_int_equal(oreg_overview_build(&f->ov, f->reg, membership, ARRAY_SIZE(membership), &o, &f->warnings), 0);
	/* always confidential; signalering only on request; the March contact is before the period */
	assert_int_equal(f->ov->confidential, 1);
	assert_int_equal(f->ov->norgs, 2);
	assert_string_equal(f->ov->orgs[0].id, "incidenteel");
	assert_string_equal(f->ov->orgs[1].id, "structureel");
	assert_int_equal(f->ov->orgs[1].first, 20240401);
	assert_int_equal(f->ov->orgs[1].last, 20240401);
	oreg_overview_free(f->ov);
	o.all_kinds = 1;
	assert_int_equal(oreg_overview_build(&f->ov, f->reg, membership, ARRAY_SIZE(membership), &o, &f->warnings), 0);
	assert_int_equal(f->ov->norgs, 4);
	assert_int_equal(f->ov->orgs[3].signalering, 1);
	assert_int_equal(f->ov->orgs[3].last, 20240501);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(overview__membership__partnership_or_structural_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__publication__definition_decides, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__confidential__adds_records_and_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__sorting__folds_case_and_accents, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__csv__quotes_and_neutralises_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__html_and_markdown__escape_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__json__escapes_and_keeps_values, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__markdown__exact_small_document, setup, teardown),
		cmocka_unit_test_setup_teardown(overview__contacts__period_and_kinds, setup, teardown),
	};

	return cmocka_run_group_tests_name("overview", tests, NULL, NULL);
}
