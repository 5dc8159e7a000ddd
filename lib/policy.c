/*
 * policy.c - the register's change procedure.  schemas/ is the register's
 * law: a commit that changes it changes nothing else and names the
 * decision it rests on in a 'Reference:' trailer; a change that weakens
 * the rules (a folder of records moved away from them, a privacy pattern
 * dropped, a role added, a field made more public, a legal form or an enum value added,
 * a required field or a limit dropped) also says why in a 'Policy-Change:'
 * trailer.  And a pushed commit is judged by the policy in force before
 * the push as well as by its own (state_open_policy), so that no change
 * of the rules applies to records in the same push.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define SCHEMAS "schemas"

int state_open_policy(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_snapshot *policy, uint64_t policy_key, struct oreg_findings *findings)
{
	int err;

	memset(st, 0, sizeof(*st));
	st->checker = chk;
	st->snap = snap;
	oreg_entries_init(&st->entries);
	/* the records of snap, the register and schemas of policy */
	if ((err = oreg_register_load(&st->reg, oreg_snapshot_read, policy, findings)) < 0 || !st->reg)
		return err;
	st->schemas_key = policy_key;
	st->reg_snap = policy;
	return state_list(st);
}

/* ---- what a change of schemas/ weakens ---- */

struct weakening {
	struct oreg_findings *findings;
	const char *words; /* "commit abc1234 (\"...\")" */
	int allowed;       /* a Policy-Change: trailer says why */
	size_t count;
	const char *file;
	struct oreg_buf ptr;
};

static int weak(struct weakening *w, const struct oreg_value *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int weak(struct weakening *w, const struct oreg_value *at, const char *fmt, ...)
{
	struct oreg_buf what = OREG_BUF_INIT;
	va_list ap;
	int err;

	w->count++;
	if (w->allowed)
		return 0;
	va_start(ap, fmt);
	oreg_buf_vaddf(&what, fmt, ap);
	va_end(ap);
	if ((err = oreg_buf_error(&what)) == 0)
		err = oreg_findings_add(w->findings, OREG_SEVERITY_ERROR, w->file, at ? at->line : 1, at ? at->column : 1,
			OREG_RULE_POLICY, w->ptr.ptr, "%s weakens the register's rules: %s; a weakening needs a "
			"'Policy-Change:' trailer that says why, and applies only from the next push", w->words, what.ptr);
	oreg_buf_release(&what);
	return err;
}

static bool has_string(const struct oreg_value *array, const struct oreg_value *s)
{
	size_t i;

	for (i = 0; array && array->type == OREG_ARRAY && i < array->u.array.count; i++)
		if (oreg_value_equal(array->u.array.items[i], s))
			return true;
	return false;
}

/* Higher is more protected; -1 for none or an unknown name. */
static int visibility_rank(const struct oreg_value *v)
{
	return oreg_named_value(oreg_visibilities, ARRAY_SIZE(oreg_visibilities), v, -1);
}

static const char *where(const struct weakening *w)
{
	return w->ptr.len ? w->ptr.ptr : "/";
}

/*
 * Values the old array held that the new lacks (lost) or the new holds
 * that the old lacked (gained), each reported as "<value> <what> (<keyword>at <where>)".
 */
static int array_changes(struct weakening *w, const struct oreg_value *old, const struct oreg_value *new,
	int report_gained, const char *what, const char *keyword)
{
	const struct oreg_value *from = report_gained ? new : old, *to = report_gained ? old : new;
	size_t i;
	int err = 0;

	for (i = 0; from && from->type == OREG_ARRAY && i < from->u.array.count && err >= 0; i++) {
		const struct oreg_value *v = from->u.array.items[i];
		char *text;

		if (has_string(to, v))
			continue;
		if (!(text = oreg_value_compact(v)))
			return OREG_ENOMEM;
		err = weak(w, report_gained ? v : new, "%s %s (%sat %s)", text, what, keyword, where(w));
		free(text);
	}
	return err;
}

static double number_of(const struct oreg_value *v)
{
	return v && v->type == OREG_NUMBER ? v->u.number.value : 0;
}

static int compare_schema(struct weakening *w, const struct oreg_value *old, const struct oreg_value *new)
{
	static const char *const lower_bounds[] = { "minLength", "minItems", "minimum", "minProperties" };
	static const char *const upper_bounds[] = { "maxLength", "maxItems", "maximum", "maxProperties" };
	static const char *const exact[] = { "pattern", "format", "const", "x-ref", "x-roles", "$ref" };
	const struct oreg_value *o, *n;
	size_t i, at = w->ptr.len;
	int err = 0;

	if (!old || old->type != OREG_OBJECT || !new || new->type != OREG_OBJECT)
		return 0;
	if ((o = oreg_value_get(old, "required")) && (err = array_changes(w, o, oreg_value_get(new, "required"), 0,
			"is no longer required", "")) < 0)
		return err;
	if ((o = oreg_value_get(old, "enum")) && (err = array_changes(w, o, oreg_value_get(new, "enum"), 1,
			"is added to the allowed values", "")) < 0)
		return err;
	if ((err = array_changes(w, oreg_value_get(old, "x-allow"), oreg_value_get(new, "x-allow"), 1,
			"is now allowed", "x-allow ")) < 0)
		return err;
	o = oreg_value_get(old, "x-visibility");
	n = oreg_value_get(new, "x-visibility");
	if (o && visibility_rank(n) < visibility_rank(o) &&
		(err = weak(w, n, "%s becomes %s (x-visibility, was %s)", where(w), n && n->type == OREG_STRING ?
			n->u.string.ptr : "the type's default", o->u.string.ptr)) < 0)
		return err;
	o = oreg_value_get(old, "additionalProperties");
	n = oreg_value_get(new, "additionalProperties");
	if (o && o->type == OREG_BOOLEAN && !o->u.boolean && !(n && n->type == OREG_BOOLEAN && !n->u.boolean) &&
		(err = weak(w, n, "other properties are allowed (additionalProperties at %s)", where(w))) < 0)
		return err;
	for (i = 0; i < ARRAY_SIZE(exact) && err >= 0; i++)
		if ((o = oreg_value_get(old, exact[i])) && !((n = oreg_value_get(new, exact[i])) && oreg_value_equal(o, n)))
			err = weak(w, n, "%s is %s (at %s)", exact[i], n ? "changed" : "dropped", where(w));
	for (i = 0; i < ARRAY_SIZE(lower_bounds) && err >= 0; i++)
		if ((o = oreg_value_get(old, lower_bounds[i])) &&
			(!(n = oreg_value_get(new, lower_bounds[i])) || number_of(n) < number_of(o)))
			err = weak(w, n, "%s is %s (at %s)", lower_bounds[i], n ? "lowered" : "dropped", where(w));
	for (i = 0; i < ARRAY_SIZE(upper_bounds) && err >= 0; i++)
		if ((o = oreg_value_get(old, upper_bounds[i])) &&
			(!(n = oreg_value_get(new, upper_bounds[i])) || number_of(n) > number_of(o)))
			err = weak(w, n, "%s is %s (at %s)", upper_bounds[i], n ? "raised" : "dropped", where(w));
	/* the same member below both: properties, $defs, items and the rest */
	for (i = 0; i < old->u.object.count && err >= 0; i++) {
		const struct oreg_member *m = &old->u.object.members[i];

		if (!(n = oreg_value_get(new, m->key)) || n->type != OREG_OBJECT || m->value->type != OREG_OBJECT)
			continue;
		oreg_buf_truncate(&w->ptr, at);
		oreg_buf_addch(&w->ptr, '/');
		oreg_buf_add_pointer_token(&w->ptr, m->key, m->key_len);
		if ((err = oreg_buf_error(&w->ptr)) < 0)
			break;
		err = compare_schema(w, m->value, n);
	}
	oreg_buf_truncate(&w->ptr, at);
	return err;
}

static int load_yaml(struct oreg_document **out, struct oreg_snapshot *snap, const char *path)
{
	struct oreg_findings scratch;
	char *data = NULL;
	size_t len;
	int err;

	*out = NULL;
	oreg_findings_init(&scratch);
	if ((err = oreg_snapshot_read(&data, &len, path, snap)) == OREG_ENOTFOUND)
		err = 0;
	else if (err == 0)
		err = oreg_yaml_load(out, data, len, path, NULL, &scratch);
	free(data);
	oreg_findings_release(&scratch);
	return err;
}

static int has_records(struct oreg_snapshot *snap, const char *records, const char *folder)
{
	struct oreg_buf dir = OREG_BUF_INIT;
	struct oreg_entries e;
	int err;

	oreg_entries_init(&e);
	if (folder)
		oreg_buf_addf(&dir, "%s/%s", records, folder);
	else
		oreg_buf_adds(&dir, records);
	if ((err = oreg_buf_error(&dir)) == 0 && (err = oreg_snapshot_list(&e, snap, dir.ptr)) == 0)
		err = e.count > 0;
	oreg_entries_release(&e);
	oreg_buf_release(&dir);
	return err;
}

static int compare_registers(struct weakening *w, struct oreg_snapshot *parent, const struct oreg_register *old,
	const struct oreg_register *new)
{
	size_t i, k;
	int err = 0, found;

	w->file = SCHEMAS "/register.yaml";
	oreg_buf_clear(&w->ptr);
	if (strcmp(old->records_dir, new->records_dir) && (err = has_records(parent, old->records_dir, NULL)) > 0 &&
		(err = weak(w, NULL, "the records move from '%s' to '%s' while records are there", old->records_dir,
			new->records_dir)) < 0)
		return err;
	for (i = 0; i < old->ntypes && err >= 0; i++) {
		const struct oreg_record_type *t = &old->types[i], *u = NULL;

		for (k = 0; k < new->ntypes && !u; k++)
			if (!strcmp(new->types[k].name, t->name))
				u = &new->types[k];
		if ((!u || strcmp(u->folder, t->folder)) && (found = has_records(parent, old->records_dir, t->folder)) != 0) {
			if (found < 0)
				return found;
			err = u ? weak(w, NULL, "the %s records' folder is renamed from '%s' to '%s' while records are "
				"in it", t->name, t->folder, u->folder) : weak(w, NULL, "the type '%s' is removed while "
				"records of it exist", t->name);
		}
		if (err >= 0 && u && u->visibility < t->visibility)
			err = weak(w, NULL, "a %s becomes %s by default (visibility, was %s)", t->name,
				oreg_visibility_name(u->visibility), oreg_visibility_name(t->visibility));
	}
	for (i = 0; i < new->nlegal_forms && err >= 0; i++) {
		for (k = 0; k < old->nlegal_forms && strcmp(old->legal_forms[k], new->legal_forms[i]); k++)
			;
		if (k == old->nlegal_forms)
			err = weak(w, NULL, "the legal form '%s' is added, so names that differ by it match no exclusion "
				"any more", new->legal_forms[i]);
	}
	for (i = 0; i < new->ngeneric_words && err >= 0; i++) {
		for (k = 0; k < old->ngeneric_words && strcmp(old->generic_words[k], new->generic_words[i]); k++)
			;
		if (k == old->ngeneric_words)
			err = weak(w, NULL, "the generic word '%s' is added, so names that share only it and other generic "
				"words with an exclusion no longer possibly match it", new->generic_words[i]);
	}
	if (err >= 0 && new->close_name_distance < old->close_name_distance)
		err = weak(w, NULL, "close-name-distance is lowered from %u to %u", old->close_name_distance,
			new->close_name_distance);
	if (err >= 0 && new->token_similarity > old->token_similarity && old->token_similarity)
		err = weak(w, NULL, "token-similarity is raised from %u%% to %u%%", old->token_similarity,
			new->token_similarity);
	for (i = 0; i < old->nscreening_lists && err >= 0; i++) {
		for (k = 0; k < new->nscreening_lists && strcmp(old->screening_lists[i], new->screening_lists[k]); k++)
			;
		if (k == new->nscreening_lists)
			err = weak(w, NULL, "the screening list '%s' is taken out of rules.screening.lists, so new "
				"organisations are no longer screened against it", old->screening_lists[i]);
	}
	if (err >= 0 && (old->privacy_kinds & ~new->privacy_kinds))
		err = weak(w, NULL, "privacy patterns are removed from 'patterns'");
	for (i = 0; i < new->privacy.nroles && err >= 0; i++) {
		for (k = 0; k < old->privacy.nroles &&
			strcmp(old->privacy.roles_folded[k], new->privacy.roles_folded[i]); k++)
			;
		if (k == old->privacy.nroles)
			err = weak(w, NULL, "the role '%s' is added to rules.privacy.roles, so participants may be recorded "
				"by it", new->privacy.roles[i]);
	}
	for (i = k = 0; i < old->privacy.ngiven_names && err >= 0; i++) {
		/* both sorted */
		while (k < new->privacy.ngiven_names && strcmp(new->privacy.given_names[k], old->privacy.given_names[i]) < 0)
			k++;
		if (k == new->privacy.ngiven_names || strcmp(new->privacy.given_names[k], old->privacy.given_names[i])) {
			err = weak(w, NULL, "given names are taken out of rules.privacy.given-names, so names of people "
				"with them are no longer recognised");
			break;
		}
	}
	return err;
}

/* Compare each type's schema, old against new, by the type's name. */
static int compare_types(struct weakening *w, struct oreg_snapshot *parent, struct oreg_snapshot *commit,
	const struct oreg_register *old, const struct oreg_register *new)
{
	size_t i, k;
	int err = 0;

	for (i = 0; i < old->ntypes && err >= 0; i++) {
		struct oreg_document *a = NULL, *b = NULL;

		for (k = 0; k < new->ntypes && strcmp(new->types[k].name, old->types[i].name); k++)
			;
		if (k == new->ntypes)
			continue;
		if ((err = load_yaml(&a, parent, old->types[i].schema_path)) == 0 &&
			(err = load_yaml(&b, commit, new->types[k].schema_path)) == 0 && a && b) {
			w->file = new->types[k].schema_path;
			oreg_buf_clear(&w->ptr);
			err = compare_schema(w, oreg_document_root(a), oreg_document_root(b));
		}
		oreg_document_free(a);
		oreg_document_free(b);
	}
	return err;
}

int policy_weakenings(size_t *count, struct oreg_snapshot *parent, struct oreg_snapshot *commit, const char *words,
	int allowed, struct oreg_findings *findings)
{
	struct weakening w = { .findings = findings, .words = words, .allowed = allowed, .ptr = OREG_BUF_INIT };
	struct oreg_register *old = NULL, *new = NULL;
	struct oreg_findings scratch;
	int err;

	*count = 0;
	oreg_findings_init(&scratch);
	/* a register that does not load is the ordinary rules' finding, not this one's */
	if ((err = oreg_register_load(&old, oreg_snapshot_read, parent, &scratch)) < 0 || !old ||
		(err = oreg_register_load(&new, oreg_snapshot_read, commit, &scratch)) < 0 || !new)
		goto done;
	if ((err = compare_registers(&w, parent, old, new)) >= 0)
		err = compare_types(&w, parent, commit, old, new);
	*count = w.count;
done:
	oreg_register_free(old);
	oreg_register_free(new);
	oreg_findings_release(&scratch);
	oreg_buf_release(&w.ptr);
	return err;
}
