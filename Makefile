# kmpterm - Kamstrup KMP diagnostics terminal.
#
#   make            build build/kmpterm and build/kmpsim
#   make check      build and run every test (unit tests under ASan+UBSan)
#   make demo       open the terminal on the built-in simulated meter
#   make bench      benchmarks (print ratios against the wire-limited maximum)
#   make fuzz       run the libFuzzer targets for FUZZ_SECONDS each
#   make deps       install the Debian packages the build and tests need
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall ; make clean
#
# Flags of ncursesw, libserialport and CUnit come from pkg-config.  User
# CFLAGS, CPPFLAGS and LDFLAGS are honoured (added after ours).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
FUZZ_SECONDS ?= 60
VERSION := 0.1.0

# Debian packages: what the build needs, and what the tests use on top.
DEB_BUILD := build-essential pkg-config libncurses-dev libserialport-dev libcunit1-dev
DEB_TEST := tmux socat ser2net clang libclang-rt-14-dev
DEB_PKGS := $(DEB_BUILD) $(DEB_TEST)
PC_MODULES := ncursesw libserialport cunit

DEPS_OK := $(shell $(PKG_CONFIG) --exists $(PC_MODULES) 2>/dev/null && echo yes)

.PHONY: all check unit e2e demo bench fuzz deps install uninstall clean format help

ifneq ($(DEPS_OK),yes)
# A fresh machine: install the dependencies first (as root), or say exactly
# what to type, then run the same target again with the flags now known.
all check unit e2e demo bench fuzz:
	@if [ -n "$(KMP_DEPS_TRIED)" ]; then \
		echo "kmpterm: 'make deps' ran but pkg-config still cannot find: $(PC_MODULES)"; \
		exit 1; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "kmpterm: build dependencies missing; running 'make deps' first"; \
		$(MAKE) --no-print-directory deps || exit 1; \
	else \
		echo "kmpterm: build dependencies missing ($(PC_MODULES) via pkg-config)."; \
		echo "Install them with:"; \
		echo "  sudo apt-get install $(DEB_PKGS)"; \
		exit 1; \
	fi
	@$(MAKE) --no-print-directory KMP_DEPS_TRIED=1 $@
else

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw libserialport)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw libserialport)
CUNIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags cunit)
CUNIT_LIBS := $(shell $(PKG_CONFIG) --libs cunit)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $(WARN) \
	-DKMPTERM_VERSION='"$(VERSION)"'
ifeq ($(CI),true)
BASE_CFLAGS += -Werror
endif
OPT_CFLAGS := -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

ALL_CFLAGS = $(BASE_CFLAGS) $(OPT_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
SAN_CFLAGS = $(BASE_CFLAGS) -O1 -g $(SAN_FLAGS) $(PKG_CFLAGS) $(CUNIT_CFLAGS) $(CPPFLAGS) $(CFLAGS)

# Layers, bottom up: codec -> link -> client -> feature -> tui -> app.
LIB_SRC := $(wildcard src/codec/*.c src/link/*.c src/client/*.c src/feature/*.c src/tui/*.c) \
	$(filter-out src/app/main.c,$(wildcard src/app/*.c))
SIM_SRC := $(filter-out src/sim/main.c,$(wildcard src/sim/*.c))
UNIT_SRC := $(wildcard tests/unit/*.c)
HEADERS := $(wildcard include/*/*.h tests/unit/*.h)

LIB_OBJ := $(LIB_SRC:%.c=build/obj/%.o)
SIM_OBJ := $(SIM_SRC:%.c=build/obj/%.o)
SAN_LIB_OBJ := $(LIB_SRC:%.c=build/asan/%.o)
SAN_SIM_OBJ := $(SIM_SRC:%.c=build/asan/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=build/asan/%.o)

all: build/kmpterm build/kmpsim

build/obj/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/asan/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) -c $< -o $@

build/kmpterm: build/obj/src/app/main.o $(LIB_OBJ) $(SIM_OBJ)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS)

build/kmpsim: build/obj/src/sim/main.o $(SIM_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS)

# Sanitized builds: the unit runner and the binaries the end-to-end tests drive.
build/asan/kmpterm: build/asan/src/app/main.o $(SAN_LIB_OBJ) $(SAN_SIM_OBJ)
	$(CC) $(SAN_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS)

build/asan/kmpsim: build/asan/src/sim/main.o $(SAN_SIM_OBJ) $(SAN_LIB_OBJ)
	$(CC) $(SAN_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS)

build/asan/test_unit: $(UNIT_OBJ) $(SAN_LIB_OBJ) $(SAN_SIM_OBJ)
	$(CC) $(SAN_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS) $(CUNIT_LIBS)

# ASan's leak checker is on for the unit tests; ncurses keeps its screen
# buffers until exit by design, hence the suppression file.
SAN_ENV := ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

unit: build/asan/test_unit
	$(SAN_ENV) build/asan/test_unit

e2e: build/kmpterm build/kmpsim build/asan/kmpterm build/asan/kmpsim
	$(SAN_ENV) tests/e2e/run-all.sh

check: unit e2e

demo: build/kmpterm build/kmpsim
	build/kmpterm --sim

bench: build/kmpterm build/kmpsim
	tests/bench/run-all.sh

# libFuzzer targets: one per parser that sees outside input.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CFLAGS := $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS)

build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(SIM_SRC) $(HEADERS)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $< $(LIB_SRC) $(SIM_SRC) -o $@ $(PKG_LIBS)

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		corpus=build/fuzz/corpus-$$(basename $$f); mkdir -p $$corpus; \
		echo "== $$f for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $$corpus tests/fuzz/seeds || exit 1; \
	done

endif

deps:
	@if [ "$$(id -u)" != 0 ]; then \
		echo "make deps installs Debian packages and needs root. Type:"; \
		echo "  sudo apt-get install $(DEB_PKGS)"; exit 1; fi
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEB_PKGS)

install: build/kmpterm build/kmpsim
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 build/kmpterm build/kmpsim $(DESTDIR)$(BINDIR)/
	install -m 644 docs/kmpterm.1 docs/kmpsim.1 $(DESTDIR)$(MANDIR)/man1/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kmpterm $(DESTDIR)$(BINDIR)/kmpsim
	rm -f $(DESTDIR)$(MANDIR)/man1/kmpterm.1 $(DESTDIR)$(MANDIR)/man1/kmpsim.1

format:
	clang-format -i $(wildcard src/*/*.c include/*/*.h tests/*/*.c tests/*/*.h)

clean:
	rm -rf build
