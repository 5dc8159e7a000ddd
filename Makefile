# openreg - a register of civil-society contacts, kept in git.
#
#   make                  build ./openreg
#   make test             build and run every test
#   make install          install to $(DESTDIR)$(PREFIX)
#   make bench            run the benchmarks (not part of the tests)
#
# Knobs: SANITIZE=address,undefined  DEVELOPER=1 (adds -Werror)  V=1
# CFLAGS and LDFLAGS given on the command line add to ours.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/openreg
CC ?= cc
PKG_CONFIG ?= pkg-config

PKGS := libgit2 yaml-0.1 libpcre2-8 libcrypto icu-uc icu-i18n json-c
TEST_PKGS := cmocka

# Debian package that provides each pkg-config module.
deb_libgit2 := libgit2-dev
deb_yaml-0.1 := libyaml-dev
deb_libpcre2-8 := libpcre2-dev
deb_libcrypto := libssl-dev
deb_icu-uc := libicu-dev
deb_icu-i18n := libicu-dev
deb_json-c := libjson-c-dev
deb_cmocka := libcmocka-dev

pkg_missing = $(strip $(foreach p,$(1),$(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo ok),,$(p))))
need_pkgs = $(if $(call pkg_missing,$(1)),$(error missing $(call pkg_missing,$(1)): install with 'apt-get install $(foreach p,$(call pkg_missing,$(1)),$(deb_$(p))) pkg-config'))

ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(call need_pkgs,$(PKGS))
endif

WARNINGS := -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
	-Wshadow -Wvla -Wformat=2 -Wwrite-strings
ifdef DEVELOPER
WARNINGS += -Werror
endif

CFLAGS ?= -O2 -g
override CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) \
	$(shell $(PKG_CONFIG) --cflags $(PKGS)) -Ilib $(CFLAGS)
override LDLIBS := $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread $(LDLIBS)

ifdef SANITIZE
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=$(SANITIZE)
endif

ifndef V
QUIET_CC = @echo '   CC    ' $@;
QUIET_LINK = @echo '   LINK  ' $@;
QUIET_AR = @echo '   AR    ' $@;
endif

LIB_SRC := $(sort $(wildcard lib/*.c lib/git/*.c))
# the hook scripts (hooks/ also holds gitlab-ci.yml, a CI job: data, installed apart)
HOOKS := $(filter-out %.yml,$(wildcard hooks/*))
CMD_SRC := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
TOOL_SRC := $(sort $(wildcard tests/conformance/*.c tests/bench/*.c))

LIB_OBJ := $(LIB_SRC:.c=.o)
CMD_OBJ := $(CMD_SRC:.c=.o)
UNIT_BIN := $(UNIT_SRC:.c=)
TOOL_BIN := $(TOOL_SRC:.c=)

all: openreg

openreg: $(CMD_OBJ) libopenreg.a build/flags
	$(QUIET_LINK)$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) libopenreg.a $(LDLIBS)

libopenreg.a: $(LIB_OBJ)
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $^

# where openreg init finds the shipped schemas when nothing nearer has them (cmd/share.c)
cmd/share.o: CFLAGS += -DOREG_SHAREDIR='"$(SHAREDIR)"'

# Warnings turned off for one file only, with the reason.
# render.c: the documents' sentences are printf templates per language (struct words), data by design.
lib/render.o cmd/diff.o: CFLAGS += -Wno-format-nonliteral

# build/flags holds the flags of the last build; when they change (CFLAGS, SANITIZE, CC, a
# directory built in) it changes, and everything that depends on it is built again, as git's
# GIT-CFLAGS does.  Without it "make SANITIZE=address,undefined" after "make" would link the
# old objects.
BUILD_FLAGS = $(CC) $(CFLAGS) $(LDFLAGS) $(LDLIBS) $(SHAREDIR) $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
build/flags: FORCE
	@mkdir -p $(@D)
	@flags='$(subst ','\'',$(BUILD_FLAGS))'; \
	if [ "$$flags" != "$$(cat $@ 2>/dev/null)" ]; then \
		[ -f $@ ] && echo '   FLAGS changed: building everything again'; \
		printf '%s\n' "$$flags" > $@; \
	fi

%.o: %.c build/flags
	$(QUIET_CC)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

tests/unit/%.o: CFLAGS += $(shell $(PKG_CONFIG) --cflags cmocka)
tests/unit/test_%: tests/unit/test_%.o libopenreg.a build/flags
	$(call need_pkgs,$(TEST_PKGS))
	$(QUIET_LINK)$(CC) $(LDFLAGS) -o $@ $< libopenreg.a $(shell $(PKG_CONFIG) --libs cmocka) $(LDLIBS)

tests/conformance/%: tests/conformance/%.o libopenreg.a build/flags
	$(QUIET_LINK)$(CC) $(LDFLAGS) -o $@ $< libopenreg.a $(LDLIBS)
tests/bench/%: tests/bench/%.o libopenreg.a build/flags
	$(QUIET_LINK)$(CC) $(LDFLAGS) -o $@ $< libopenreg.a $(LDLIBS)

# ---- fuzzing (clang's libFuzzer; not part of make test) ----
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_TARGETS := yaml yamlquick schema validate record names
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Ilib \
	$(shell $(PKG_CONFIG) --cflags $(PKGS)) -fno-omit-frame-pointer
FUZZ_LIB_OBJ := $(patsubst lib/%.c,build/fuzz/lib/%.o,$(LIB_SRC))
FUZZ_BIN := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

build/fuzz/lib/%.o: lib/%.c lib/openreg.h lib/internal.h lib/git/git.h
	@mkdir -p $(@D)
	$(QUIET_CC)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJ)
	$(QUIET_LINK)$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJ) \
		$(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread

fuzz-build: $(FUZZ_BIN)

# make fuzz FUZZ_TIME=60: every target for FUZZ_TIME seconds, from the seed corpus
fuzz: fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) tests/fuzz/run $(FUZZ_TARGETS)

# make valgrind: the command-line tests with every openreg run under valgrind
valgrind: test-programs
	@mkdir -p build/valgrind
	@printf '#!/bin/sh\nexec valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --track-fds=no %s "$$@"\n' "$(CURDIR)/openreg" > build/valgrind/openreg
	@chmod +x build/valgrind/openreg
	@OPENREG=$(CURDIR)/build/valgrind/openreg OPENREG_WRAPPED=1 tests/run cli

test-programs: openreg $(UNIT_BIN) $(TOOL_BIN)

# The public header stands alone: a front end includes it first and only, with the strictest
# warnings, no feature macros and no other header before it (as libgit2's header test does).
HEADER_TEST_FLAGS := -std=c11 -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
	-Wvla -Wwrite-strings -Werror
build/header-test.o: lib/openreg.h build/flags
	@mkdir -p $(@D)
	$(QUIET_CC)printf '#include "openreg.h"\n' | $(CC) $(HEADER_TEST_FLAGS) -Ilib -x c -c -o $@ -

test: test-programs build/header-test.o
	@tests/run

bench: openreg $(TOOL_BIN)
	@tests/bench/run

install: openreg
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SHAREDIR)/hooks
	install -m 755 openreg $(DESTDIR)$(BINDIR)/openreg
	install -m 755 $(HOOKS) $(DESTDIR)$(SHAREDIR)/hooks/
	install -m 644 hooks/gitlab-ci.yml $(DESTDIR)$(SHAREDIR)/gitlab-ci.yml

# the manual pages (cmd/man) and completion for bash and zsh (cmd/completion)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
install: install-doc
install-doc:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 cmd/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 cmd/man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 cmd/completion/openreg.bash $(DESTDIR)$(BASHCOMPDIR)/openreg
	install -m 644 cmd/completion/_openreg $(DESTDIR)$(ZSHCOMPDIR)/_openreg

# what openreg init copies into a new register: the schemas and register.yaml, and the sample register
install: install-share
install-share:
	install -d $(DESTDIR)$(SHAREDIR)/schemas
	install -m 644 schemas/*.yaml $(DESTDIR)$(SHAREDIR)/schemas/
	cd records && find . -type f -name '*.yaml' | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(SHAREDIR)/records/$$f" || exit 1; done

clean:
	rm -f openreg libopenreg.a lib/*.o lib/*.d lib/git/*.o lib/git/*.d cmd/*.o cmd/*.d \
		tests/unit/*.o tests/unit/*.d $(UNIT_BIN) \
		tests/conformance/*.o tests/conformance/*.d tests/bench/*.o tests/bench/*.d $(TOOL_BIN)
	rm -rf tests/trash build

FORCE:

.PHONY: FORCE all test test-programs bench install install-share install-doc clean fuzz fuzz-build valgrind
.SECONDARY:

-include $(wildcard lib/*.d lib/git/*.d cmd/*.d tests/unit/*.d tests/conformance/*.d tests/bench/*.d)
