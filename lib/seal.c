/*
 * seal.c - publications sealed by annotated tags.  When a document is
 * sent, "openreg publish" records it as the tag
 * publicatie/<document>-<year or since>-<n> on the commit it was built
 * from.  The tag's message is the seal, one "key: value" per line:
 *
 *     openreg publication overview 2024
 *
 *     document: overview
 *     file: overzicht-2024.html
 *     sha256: <64 hex digits of the file>
 *     commit: <the commit it was built from>
 *     record-time: 2025-06-02T09:00:00+01:00
 *     openreg: 0.1.0
 *     option: --year
 *     option: 2024
 *
 * with one option line per argument, so that verify can build the same
 * document again from the tagged commit and compare the bytes.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX "publicatie/"

static void seal_release(struct oreg_seal *s)
{
	size_t i;

	free(s->tag);
	free(s->document);
	free(s->key);
	free(s->file);
	free(s->record_time);
	free(s->version);
	for (i = 0; i < s->nargs; i++)
		free(s->args[i]);
	free(s->args);
	memset(s, 0, sizeof(*s));
}

void oreg_seals_init(struct oreg_seals *seals)
{
	memset(seals, 0, sizeof(*seals));
}

void oreg_seals_release(struct oreg_seals *seals)
{
	size_t i;

	if (!seals)
		return;
	for (i = 0; i < seals->count; i++)
		seal_release(&seals->items[i]);
	free(seals->items);
	oreg_seals_init(seals);
}

static bool hex_string(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[len] == '\0';
}

/* Parse a tag message; 0 with *ok false when it is no seal. */
static int parse(struct oreg_seal *s, const char *message, bool *ok)
{
	const char *p = message, *nl;
	char **args;
	int err = 0;

	*ok = false;
	if (strncmp(p, "openreg publication ", 20))
		return 0;
	for (; *p && !err; p = nl ? nl + 1 : p + strlen(p)) {
		const char *colon;
		size_t klen;
		char *value;

		nl = strchr(p, '\n');
		colon = memchr(p, ':', nl ? (size_t)(nl - p) : strlen(p));
		if (!colon || colon[1] != ' ')
			continue;
		klen = (size_t)(colon - p);
		if (!(value = oreg_strndup(colon + 2, nl ? (size_t)(nl - colon - 2) : strlen(colon + 2))))
			return OREG_ENOMEM;
#define KEY(k) (klen == strlen(k) && !strncmp(p, k, klen))
		if (KEY("document") && !s->document) {
			s->document = value;
		} else if (KEY("key") && !s->key) {
			s->key = value;
		} else if (KEY("file") && !s->file) {
			s->file = value;
		} else if (KEY("record-time") && !s->record_time) {
			s->record_time = value;
		} else if (KEY("openreg") && !s->version) {
			s->version = value;
		} else if (KEY("sha256") && strlen(value) == 64 && hex_string(value, 64)) {
			memcpy(s->sha256, value, 65);
			free(value);
		} else if (KEY("commit") && strlen(value) == 40 && hex_string(value, 40)) {
			memcpy(s->source, value, 41);
			free(value);
		} else if (KEY("option")) {
			if (!(args = realloc(s->args, (s->nargs + 1) * sizeof(*args)))) {
				free(value);
				return oreg_error(OREG_ENOMEM, "out of memory");
			}
			s->args = args;
			s->args[s->nargs++] = value;
		} else {
			free(value);
		}
#undef KEY
	}
	*ok = s->document && s->sha256[0] && s->source[0];
	return err;
}

static int on_tag(const struct oreg_tag *tag, void *payload)
{
	struct oreg_seals *seals = payload;
	struct oreg_seal s = { 0 };
	bool ok;
	int err;

	if ((err = parse(&s, tag->message, &ok)) < 0 || !ok || strcmp(s.source, tag->commit)) {
		/* a seal whose commit line disagrees with where the tag points is no seal */
		seal_release(&s);
		return err < 0 ? err : 0;
	}
	memcpy(s.commit, tag->commit, 41);
	s.time = tag->time;
	s.offset = tag->offset;
	if (!(s.tag = oreg_strdup(tag->name)) ||
		(err = oreg_grow((void **)&seals->items, &seals->alloc, seals->count + 1, sizeof(*seals->items))) < 0) {
		seal_release(&s);
		return OREG_ENOMEM;
	}
	seals->items[seals->count++] = s;
	return 0;
}

int oreg_seals_list(struct oreg_seals *out, struct oreg_repo *repo)
{
	return oreg_repo_tags(repo, PREFIX, on_tag, out);
}

const struct oreg_seal *oreg_seals_find(const struct oreg_seals *seals, const char *tag_or_hash)
{
	size_t i, plen = strlen(PREFIX);

	for (i = 0; i < seals->count; i++) {
		const struct oreg_seal *s = &seals->items[i];

		if (!strcmp(s->sha256, tag_or_hash) || !strcmp(s->tag, tag_or_hash) ||
			(!strncmp(s->tag, PREFIX, plen) && !strcmp(s->tag + plen, tag_or_hash)))
			return s;
	}
	return NULL;
}

/* Is c safe in a tag name and on one line of the seal? */
static bool plain(const char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

int oreg_seal_create(char **tag_out, struct oreg_repo *repo, const struct oreg_seal *seal)
{
	struct oreg_seals existing;
	struct oreg_buf name = OREG_BUF_INIT, msg = OREG_BUF_INIT;
	size_t i;
	unsigned n;
	int err;

	*tag_out = NULL;
	if (!seal->document || !seal->key || !plain(seal->document) || !plain(seal->key) ||
		(seal->file && !plain(seal->file)))
		return oreg_error(OREG_EINVALID, "a publication needs a document and a key on one line each");
	for (i = 0; i < seal->nargs; i++)
		if (!plain(seal->args[i]))
			return oreg_error(OREG_EINVALID, "option '%s' cannot be recorded in a seal: it spans lines",
				seal->args[i]);
	oreg_seals_init(&existing);
	if ((err = oreg_seals_list(&existing, repo)) < 0)
		goto done;
	/* the next free number: publications are never renumbered or replaced */
	for (n = 1;; n++) {
		oreg_buf_clear(&name);
		oreg_buf_addf(&name, PREFIX "%s-%s-%u", seal->document, seal->key, n);
		if ((err = oreg_buf_error(&name)) < 0)
			goto done;
		for (i = 0; i < existing.count; i++)
			if (!strcmp(existing.items[i].tag, name.ptr))
				break;
		if (i == existing.count && oreg_repo_resolve((char[41]){ 0 }, repo, name.ptr) == OREG_ENOTFOUND)
			break;
	}
	oreg_buf_addf(&msg, "openreg publication %s %s\n\n", seal->document, seal->key);
	oreg_buf_addf(&msg, "document: %s\nkey: %s\n", seal->document, seal->key);
	if (seal->file)
		oreg_buf_addf(&msg, "file: %s\n", seal->file);
	oreg_buf_addf(&msg, "sha256: %s\ncommit: %s\n", seal->sha256, seal->source);
	if (seal->record_time)
		oreg_buf_addf(&msg, "record-time: %s\n", seal->record_time);
	oreg_buf_addf(&msg, "openreg: %s\n", seal->version ? seal->version : OREG_VERSION);
	for (i = 0; i < seal->nargs; i++)
		oreg_buf_addf(&msg, "option: %s\n", seal->args[i]);
	if ((err = oreg_buf_error(&msg)) < 0)
		goto done;
	if ((err = oreg_repo_tag_create(repo, name.ptr, seal->source, msg.ptr)) < 0)
		goto done;
	*tag_out = oreg_buf_detach(&name, NULL);
	err = *tag_out ? 0 : OREG_ENOMEM;
done:
	oreg_seals_release(&existing);
	oreg_buf_release(&name);
	oreg_buf_release(&msg);
	return err;
}
