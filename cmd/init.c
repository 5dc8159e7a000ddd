/*
 * init.c - openreg init: start a register, as `git init` starts a
 * repository.  It lays out the shipped schemas and register.yaml, the
 * record folders, the editor settings that tie each folder to its schema,
 * the hooks, and makes the first commit, carrying the Reference: trailer
 * that a commit adding exclusions needs.  With --template sample it adds
 * the sample register, so a new user has records to try the commands on.
 *
 * It refuses to lay anything over a register or over files of the same
 * names: nothing the user wrote is overwritten.
 */
#include "cmd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_REFERENCE "Kamerstuk 32 824, nr. 445"

enum { OPT_TEMPLATE = 1, OPT_REFERENCE };

const struct option init_options[] = {
	{ OPT_TEMPLATE, 0, "template", "NAME", "sample", "add the sample register's records to the new register" },
	{ OPT_REFERENCE, 0, "reference", "TEXT", NULL,
		"the Reference: trailer of the first commit (default: " DEFAULT_REFERENCE ")" },
	OPT_END
};

/* What init writes besides schemas/ and records/; none of it may exist yet. */
static const char *const editor_files[] = {
	".vscode/settings.json", ".vscode/extensions.json", ".editorconfig", ".gitattributes", NULL,
};

static const char editorconfig[] =
	"# openreg register: records are UTF-8 YAML, indented with two spaces\n"
	"root = true\n"
	"\n"
	"[*]\n"
	"charset = utf-8\n"
	"end_of_line = lf\n"
	"insert_final_newline = true\n"
	"trim_trailing_whitespace = true\n"
	"\n"
	"[*.{yaml,yml}]\n"
	"indent_style = space\n"
	"indent_size = 2\n";

static const char gitattributes[] =
	"# records and schemas are UTF-8 text with LF line ends on every platform\n"
	"*.yaml text eol=lf\n"
	"*.yml text eol=lf\n"
	"*.json text eol=lf\n"
	"*.md text eol=lf\n";

static const char extensions_json[] =
	"{\n"
	"  \"recommendations\": [\n"
	"    \"redhat.vscode-yaml\",\n"
	"    \"editorconfig.editorconfig\"\n"
	"  ]\n"
	"}\n";

static int write_new_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	ssize_t n;

	if (fd < 0)
		return fail("cannot create %s: %s", path, strerror(errno));
	n = write(fd, data, len);
	if (n != (ssize_t)len || close(fd) < 0) {
		int e = n < 0 || n == (ssize_t)len ? errno : ENOSPC;

		unlink(path);
		return fail("cannot write %s: %s", path, strerror(e));
	}
	return 0;
}

static int copy_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	int err, status;

	if ((err = oreg_file_read(&data, &len, from, 16 * 1024 * 1024)) < 0)
		return fail_for(err);
	status = write_new_file(to, data, len);
	free(data);
	return status;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return fail("cannot create %s: %s", path, strerror(errno));
	return 0;
}

/* Copy the regular files and folders under from (no dot files) into to. */
static int copy_tree(const char *from, const char *to)
{
	char src[PATH_MAX], dst[PATH_MAX];
	struct dirent **names;
	struct stat st;
	int i, n, status = 0;

	if ((status = make_dir(to)))
		return status;
	if ((n = scandir(from, &names, NULL, alphasort)) < 0)
		return fail("cannot read %s: %s", from, strerror(errno));
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (status || name[0] == '.')
			continue;
		if (snprintf(src, sizeof(src), "%s/%s", from, name) >= (int)sizeof(src) ||
			snprintf(dst, sizeof(dst), "%s/%s", to, name) >= (int)sizeof(dst)) {
			status = fail("path too long: %s/%s", from, name);
		} else if (lstat(src, &st) < 0) {
			status = fail("cannot read %s: %s", src, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			status = copy_tree(src, dst);
		} else if (S_ISREG(st.st_mode)) {
			status = copy_file(src, dst);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return status;
}

/* Copy the schemas folder's files (not its sub-folders): the schemas and register.yaml. */
static int copy_schemas(const char *share)
{
	char from[PATH_MAX];

	if (snprintf(from, sizeof(from), "%s/schemas", share) >= (int)sizeof(from))
		return fail("path too long: %s", share);
	return copy_tree(from, "schemas");
}

/* The folder glob of a type: its folder, and a year folder under it for a dated type. */
static void print_glob(FILE *f, const char *records, const struct oreg_type_info *t)
{
	fprintf(f, "/%s/%s/%s*.yaml", records, t->folder, t->year_field ? "*/" : "");
}

static int write_editor_files(const struct oreg_register *reg)
{
	struct oreg_type_info t;
	char *settings = NULL;
	size_t len = 0, i;
	FILE *f;
	int status;

	if ((status = make_dir(".vscode")))
		return status;
	if (!(f = open_memstream(&settings, &len)))
		return fail("out of memory");
	/* yaml-language-server (the YAML extension) validates, completes and explains records from these */
	fputs("{\n  \"yaml.schemas\": {\n", f);
	for (i = 0; oreg_register_type_at(&t, reg, i) == 0; i++) {
		fprintf(f, "%s    \"./%s\": [\"", i ? ",\n" : "", t.schema_path);
		print_glob(f, oreg_register_records_dir(reg), &t);
		fputs("\"]", f);
	}
	fputs("\n  },\n"
		"  \"yaml.validate\": true,\n"
		"  \"yaml.completion\": true,\n"
		"  \"yaml.hover\": true,\n"
		"  \"files.encoding\": \"utf8\",\n"
		"  \"files.eol\": \"\\n\",\n"
		"  \"files.insertFinalNewline\": true,\n"
		"  \"files.trimTrailingWhitespace\": true,\n"
		"  \"[yaml]\": {\n"
		"    \"editor.insertSpaces\": true,\n"
		"    \"editor.tabSize\": 2\n"
		"  }\n"
		"}\n", f);
	if (fclose(f))
		status = fail("out of memory");
	if (!status)
		status = write_new_file(".vscode/settings.json", settings, len);
	free(settings);
	if (!status)
		status = write_new_file(".vscode/extensions.json", extensions_json, sizeof(extensions_json) - 1);
	if (!status)
		status = write_new_file(".editorconfig", editorconfig, sizeof(editorconfig) - 1);
	if (!status)
		status = write_new_file(".gitattributes", gitattributes, sizeof(gitattributes) - 1);
	return status;
}

/* Refuse a folder that is, or holds, a register, or any file init would write. */
static int refuse_existing(const char *dir, const char *records)
{
	const char *const *p;
	char *top = NULL, *here = realpath(".", NULL);
	struct stat st;

	if (oreg_worktree_find_top(&top, NULL, ".") == 0) {
		fprintf(stderr, "openreg: %s is %s the register at %s: a register is started once\n", dir,
			here && !strcmp(top, here) ? "already" : "inside", top);
		free(top);
		free(here);
		return EXIT_USAGE;
	}
	free(here);
	if (lstat("schemas", &st) == 0 || lstat(records, &st) == 0) {
		fprintf(stderr, "openreg: %s already holds %s: init starts a register in an empty folder or a "
			"repository without one\n", dir, lstat("schemas", &st) == 0 ? "schemas/" : records);
		return EXIT_USAGE;
	}
	for (p = editor_files; *p; p++) {
		if (lstat(*p, &st) == 0) {
			fprintf(stderr, "openreg: %s/%s exists: move it away, and init writes the register's own\n",
				dir, *p);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static int install_hooks(void)
{
	char *args[] = { (char *)"hooks", (char *)"install", NULL };

	return cmd_hooks(2, args);
}

static int commit(const char *reference, int sample)
{
	char trailer[1024];
	/* without the sample, records/ holds only empty folders, which git does not keep: the list ends there */
	const char *add[] = { "git", "add", "--", "schemas", ".vscode", ".editorconfig", ".gitattributes",
		sample ? "records" : NULL, NULL };
	const char *message = sample ? "Start the register, with the sample records" : "Start the register";
	const char *commit_argv[] = { "git", "commit", "-q", "-m", message, "-m", trailer, NULL };
	int rc;

	snprintf(trailer, sizeof(trailer), "Reference: %s", reference);
	if ((rc = run_program(NULL, add)) != 0)
		return fail("git add failed (exit status %d): the register is laid out but not committed", rc);
	if ((rc = run_program(NULL, commit_argv)) != 0)
		return fail("git commit failed (exit status %d): the register is laid out and staged; commit it "
			"with: git commit -m '%s' -m '%s'", rc, message, trailer);
	return 0;
}

static int lay_out(const char *dir, const char *share, const struct oreg_register *reg, int sample)
{
	const char *records = oreg_register_records_dir(reg);
	const char *git_init[] = { "git", "init", "-q", NULL };
	char from[PATH_MAX], path[PATH_MAX];
	struct oreg_type_info t;
	size_t i;
	int status;

	if ((status = refuse_existing(dir, records)))
		return status;
	if (run_program(NULL, git_init) != 0)
		return fail("git init failed in %s", dir);
	if ((status = copy_schemas(share)))
		return status;
	if (sample) {
		if (snprintf(from, sizeof(from), "%s/%s", share, records) >= (int)sizeof(from))
			return fail("path too long: %s", share);
		if ((status = copy_tree(from, records)))
			return status;
	}
	/* empty folders stay out of git; they show the layout, and openreg new makes them when missing */
	if ((status = make_dir(records)))
		return status;
	for (i = 0; oreg_register_type_at(&t, reg, i) == 0; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", records, t.folder) >= (int)sizeof(path))
			return fail("path too long: %s", t.folder);
		if ((status = make_dir(path)))
			return status;
	}
	return write_editor_files(reg);
}

int cmd_init(int argc, char **argv)
{
	struct oreg_findings findings;
	struct oreg_register *reg = NULL;
	struct opt_parser p;
	const char *dir = ".", *reference = DEFAULT_REFERENCE;
	char *share = NULL, *where = NULL;
	int c, sample = 0, status = EXIT_CLEAN;

	opt_init(&p, "init", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (c == OPT_TEMPLATE)
			sample = 1;
		else if (strchr(reference = p.value, '\n'))
			return usage("init", "--reference takes one line of text, as in --reference 'Kamerstuk 32 824, nr. 445'");
	}
	if (c < 0)
		return opt_exit(c);
	if (p.nargs > 1)
		return usage("init", "'init' takes one folder");
	if (p.nargs)
		dir = p.args[0];

	if (!(share = share_dir()))
		return fail("cannot find the schemas openreg ships (share/openreg/schemas): reinstall openreg with "
			"make install, or set OPENREG_SHAREDIR");
	oreg_findings_init(&findings);
	if (oreg_register_open_dir(&reg, share, &findings) < 0 || !reg) {
		print_findings(&findings, OREG_FORMAT_TEXT);
		status = fail("the shipped register.yaml in %s cannot be read", share);
		goto done;
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		status = fail("cannot create %s: %s", dir, strerror(errno));
		goto done;
	}
	if (chdir(dir) < 0) {
		status = fail("cannot enter %s: %s", dir, strerror(errno));
		goto done;
	}
	if ((status = lay_out(dir, share, reg, sample)) ||
		(status = install_hooks()) || (status = commit(reference, sample)))
		goto done;
	where = realpath(".", NULL);
	printf("Started a register in %s%s, and made its first commit.\n"
		"Next: openreg new organisation --name NAME --kind KIND, then git add and git commit.\n",
		where ? where : dir, sample ? " with the sample records" : "");
done:
	free(where);
	free(share);
	oreg_register_free(reg);
	oreg_findings_release(&findings);
	return status;
}
