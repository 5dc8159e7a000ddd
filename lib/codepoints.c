/*
 * codepoints.c - the characters a record may hold.  A bidirectional
 * override shows "nuodimaS" as "Samidoun"; a zero width space or a soft
 * hyphen splits a name where nobody sees it; a control character can
 * rewrite a terminal.  Every string and every key of a record is searched,
 * whatever its schema says, and each such character is a finding that
 * names it.
 */
#include "internal.h"

#include <string.h>

struct walk {
	const char *path;
	struct oreg_buf pointer; /* of the value being searched */
	struct oreg_findings *findings;
	int added;
	int err;
};

static void search(struct walk *w, const char *s, size_t len, unsigned line, unsigned column,
	const char *what)
{
	uint32_t cp;
	size_t offset;
	char name[96];
	int err;

	if (!oreg_unicode_find_forbidden(s, len, &cp, &offset))
		return;
	oreg_unicode_char_name(name, sizeof(name), cp);
	/* one finding per string: the first such character is enough to refuse it */
	if ((err = oreg_buf_error(&w->pointer)) < 0) {
		w->err = err;
		return;
	}
	err = oreg_findings_add(w->findings, OREG_SEVERITY_ERROR, w->path, line, column, OREG_RULE_CHARACTERS,
		w->pointer.ptr,
		"%s holds U+%04X (%s) at character %zu: control, bidirectional and invisible formatting "
		"characters can disguise what a record says; remove it", what, (unsigned)cp, name, oreg_utf8_length(s, offset) + 1);
	if (err < 0)
		w->err = err;
	else
		w->added++;
}

static void visit(struct walk *w, const struct oreg_value *v)
{
	size_t i;

	if (!v || w->err)
		return;
	switch (v->type) {
	case OREG_STRING:
		search(w, v->u.string.ptr, v->u.string.len, v->line, v->column, "value");
		break;
	case OREG_ARRAY:
		for (i = 0; i < v->u.array.count; i++) {
			size_t at = w->pointer.len;

			oreg_buf_add_index(&w->pointer, i);
			visit(w, v->u.array.items[i]);
			oreg_buf_truncate(&w->pointer, at);
		}
		break;
	case OREG_OBJECT:
		for (i = 0; i < v->u.object.count; i++) {
			const struct oreg_member *m = &v->u.object.members[i];
			size_t at = w->pointer.len;

			oreg_buf_addch(&w->pointer, '/');
			oreg_buf_add_pointer_token(&w->pointer, m->key, m->key_len);
			search(w, m->key, m->key_len, m->line, m->column, "key");
			visit(w, m->value);
			oreg_buf_truncate(&w->pointer, at);
		}
		break;
	default:
		break;
	}
}

int oreg_record_check_characters(const struct oreg_value *root, const char *path,
	struct oreg_findings *findings)
{
	struct walk w = { .path = path, .pointer = OREG_BUF_INIT, .findings = findings };

	visit(&w, root);
	oreg_buf_release(&w.pointer);
	return w.err < 0 ? w.err : w.added;
}
