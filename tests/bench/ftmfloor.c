/*
 * ftmfloor.c - the floor under openreg screen: read a JSON-lines list and
 * parse every line with json-c into its entity (lib/json.c), comparing
 * nothing.  What screening costs beyond this is the name comparison.
 *
 *   ftmfloor FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int main(int argc, char **argv)
{
	struct oreg_json_reader *r;
	struct oreg_list_entity e = { 0 };
	char *line = NULL;
	size_t cap = 0, entities = 0, names = 0;
	ssize_t n;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb")) || oreg_json_reader_new(&r) < 0) {
		fprintf(stderr, "usage: ftmfloor FILE\n");
		return 2;
	}
	while ((n = getline(&line, &cap, f)) >= 0)
		if (oreg_json_entity(r, line, (size_t)n, &e)) {
			entities++;
			names += e.fields.nnames;
		}
	printf("%zu entities, %zu names\n", entities, names);
	oreg_list_entity_release(&e);
	oreg_json_reader_free(r);
	free(line);
	fclose(f);
	return 0;
}
