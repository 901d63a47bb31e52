# kmpterm - Kamstrup KMP diagnostics terminal.
#
#   make              build build/kmpterm and build/kmpsim
#   make check        format check, then every test: unit tests and the
#                     end-to-end scripts under ASan+UBSan; both runners say
#                     how many tests were skipped and why
#   make demo         open the terminal on the built-in simulated meter
#   make bench        benchmarks (print ratios against the wire-limited maximum)
#   make fuzz         run every libFuzzer target tests/fuzz/fuzz_*.c for
#                     FUZZ_SECONDS each
#   make coverage     unit + end-to-end tests on a gcov build, then line
#                     coverage with gcovr (overall and per file); needs gcovr,
#                     which make check does not
#   make format       clang-format every C file; make format-check lists the
#                     files it would change (part of make check)
#   make deps         install the Debian packages the build and tests need
#   make install      PREFIX=/usr/local DESTDIR= ; make uninstall ; make clean
#
# What is built (docs/architecture.md, "Build"):
#   build/libkmp.a     the library: codec, link, client, features
#   build/libkmpsim.a  the simulator, without its main
#   build/kmpterm      app + tui objects + libkmp.a + libkmpsim.a (for --sim)
#   build/kmpsim       its main + libkmpsim.a + the codec only: no ncursesw,
#                      no libserialport
# The same libraries are built sanitized in build/asan (the unit runner and
# the binaries the end-to-end tests drive), with gcov in build/cov, and per
# layer with libFuzzer in build/fuzz.  Objects depend on the headers they
# include, through compiler-written dependency files (.d).
#
# Flags of ncursesw, libserialport and CUnit come from pkg-config.  User
# CFLAGS, CPPFLAGS and LDFLAGS are honoured (added after ours).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
CC ?= cc
AR ?= ar
PKG_CONFIG ?= pkg-config
CLANG_FORMAT ?= clang-format
GCOVR ?= gcovr
FUZZ_SECONDS ?= 60
VERSION := 0.1.0

# Debian packages: what the build needs, and what the tests use on top.
DEB_BUILD := build-essential pkg-config libncurses-dev libserialport-dev libcunit1-dev
DEB_TEST := tmux socat ser2net iproute2 procps clang libclang-rt-14-dev clang-format python3 python3-pandas
DEB_PKGS := $(DEB_BUILD) $(DEB_TEST)
PC_MODULES := ncursesw libserialport cunit

DEPS_OK := $(shell $(PKG_CONFIG) --exists $(PC_MODULES) 2>/dev/null && echo yes)

.PHONY: all check unit e2e e2e-repeat demo bench fuzz coverage deps install uninstall clean format \
	format-check help

# Every C file clang-format keeps in shape.
FORMAT_FILES := $(sort $(wildcard src/*/*.c src/*/*.h include/*/*.h tests/*/*.c tests/*/*.h))

ifneq ($(DEPS_OK),yes)
# A fresh machine: install the dependencies first (as root), or say exactly
# what to type, then run the same target again with the flags now known.
all check unit e2e e2e-repeat demo bench fuzz coverage:
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

NCURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw)
SERIAL_LIBS := $(shell $(PKG_CONFIG) --libs libserialport)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw libserialport)
PKG_LIBS := $(NCURSES_LIBS) $(SERIAL_LIBS)
CUNIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags cunit)
CUNIT_LIBS := $(shell $(PKG_CONFIG) --libs cunit)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BASE_CFLAGS := -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude $(WARN) \
	-DKMPTERM_VERSION='"$(VERSION)"'
ifeq ($(CI),true)
BASE_CFLAGS += -Werror
endif
# -MMD -MP: each object gets a .d file naming the headers it includes
DEP_FLAGS := -MMD -MP
OPT_CFLAGS := -O2 -g
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# KMP_GCOV_DUMP: forked children that end in _exit() write their counters too
COV_FLAGS := -O0 -g --coverage -DKMP_GCOV_DUMP

ALL_CFLAGS = $(BASE_CFLAGS) $(OPT_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
SAN_CFLAGS = $(BASE_CFLAGS) -O1 -g $(SAN_FLAGS) $(PKG_CFLAGS) $(CUNIT_CFLAGS) $(CPPFLAGS) $(CFLAGS)
COV_CFLAGS = $(BASE_CFLAGS) $(COV_FLAGS) $(PKG_CFLAGS) $(CUNIT_CFLAGS) $(CPPFLAGS) $(CFLAGS)

# Layers, bottom up: codec -> link -> client -> feature (the library),
# then tui -> app; the simulator sits on the codec alone.
CODEC_SRC := $(wildcard src/codec/*.c)
KMP_SRC := $(CODEC_SRC) $(wildcard src/link/*.c src/client/*.c src/feature/*.c)
SIM_SRC := $(filter-out src/sim/main.c,$(wildcard src/sim/*.c))
TUI_SRC := $(wildcard src/tui/*.c)
APP_SRC := $(filter-out src/app/main.c,$(wildcard src/app/*.c))
UNIT_SRC := $(wildcard tests/unit/*.c)

# objs DIR, SOURCES: the object files of SOURCES under DIR
objs = $(patsubst %.c,$(1)/%.o,$(2))

all: build/kmpterm build/kmpsim

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEP_FLAGS) -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) $(DEP_FLAGS) -c $< -o $@

build/cov/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(COV_CFLAGS) $(DEP_FLAGS) -c $< -o $@

# An archive is rebuilt whole, so a removed or renamed source leaves no
# stale member behind.
%.a:
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

# The libraries of one flavour: $(1) object directory, $(2) archive directory.
# libkmpcodec.a is the codec alone, what kmpsim links besides libkmpsim.a.
define flavour
$(2)/libkmpcodec.a: $(call objs,$(1),$(CODEC_SRC))
$(2)/libkmp.a: $(call objs,$(1),$(KMP_SRC))
$(2)/libkmpsim.a: $(call objs,$(1),$(SIM_SRC))

# the terminal: app and tui objects, the library, the simulator for --sim
$(2)/kmpterm: $(call objs,$(1),src/app/main.c $(APP_SRC) $(TUI_SRC)) \
		$(2)/libkmp.a $(2)/libkmpsim.a
	$$(CC) $$($(3)) $$^ -o $$@ $$(LDFLAGS) $$(PKG_LIBS)

# the simulator: neither ncursesw nor libserialport
$(2)/kmpsim: $(1)/src/sim/main.o $(2)/libkmpsim.a $(2)/libkmpcodec.a
	$$(CC) $$($(3)) $$^ -o $$@ $$(LDFLAGS)

# the one unit runner: test objects over the same libraries
$(2)/test_unit: $(call objs,$(1),$(UNIT_SRC) $(APP_SRC) $(TUI_SRC)) \
		$(2)/libkmp.a $(2)/libkmpsim.a
	$$(CC) $$($(3)) $$^ -o $$@ $$(SP_FAKE_LDFLAGS) $$(LDFLAGS) $$(PKG_LIBS) $$(CUNIT_LIBS)
endef

$(eval $(call flavour,build/obj,build,ALL_CFLAGS))
$(eval $(call flavour,build/asan,build/asan,SAN_CFLAGS))
$(eval $(call flavour,build/cov,build/cov,COV_CFLAGS))

# The unit tests drive the libserialport backend through a stand-in
# (tests/unit/sp_fake.c): the linker sends these calls of link_serial.o
# there instead of to libserialport.  Only the unit-test binary has it.
SP_FAKE := sp_get_port_by_name sp_free_port sp_open sp_close sp_last_error_code \
	sp_get_port_handle sp_new_config sp_free_config sp_set_config_baudrate \
	sp_set_config_bits sp_set_config_parity sp_set_config_stopbits \
	sp_set_config_flowcontrol sp_set_config_dtr sp_set_config_rts sp_set_config sp_flush
SP_FAKE_LDFLAGS := $(SP_FAKE:%=-Wl,--wrap=%)

# ASan's leak checker is on for the unit tests; ncurses keeps its screen
# buffers until exit by design, hence the suppression file.
SAN_ENV := ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

unit: build/asan/test_unit
	$(SAN_ENV) build/asan/test_unit

# The scripted hostile meter that tests/e2e/hostile.sh runs (codec only).
build/tools/hostile_meter: build/obj/tests/tools/hostile_meter.o build/libkmpcodec.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LDFLAGS)

e2e: build/kmpterm build/kmpsim build/asan/kmpterm build/asan/kmpsim build/bench/hang_listener \
		build/tools/hostile_meter
	$(SAN_ENV) tests/e2e/run-all.sh

# The whole e2e suite RUNS times, JOBS suites at a time (a race shows up
# as a failed run): make e2e-repeat RUNS=20 JOBS=2
RUNS ?= 20
JOBS ?= 1
e2e-repeat: build/kmpterm build/kmpsim build/asan/kmpterm build/asan/kmpsim \
		build/bench/hang_listener build/tools/hostile_meter
	$(SAN_ENV) tests/e2e/repeat.sh $(RUNS) $(JOBS)

# One after the other (a parallel make may build in parallel, never test):
# the timing-sensitive end-to-end tests get the machine to themselves.
check: build/kmpterm build/kmpsim build/asan/test_unit build/asan/kmpterm build/asan/kmpsim \
		build/bench/hang_listener build/tools/hostile_meter
	@$(MAKE) --no-print-directory format-check
	$(SAN_ENV) build/asan/test_unit
	$(SAN_ENV) tests/e2e/run-all.sh

demo: build/kmpterm build/kmpsim
	build/kmpterm --sim

bench: build/kmpterm build/kmpsim build/bench/hang_listener
	tests/bench/run-all.sh

# Line coverage of unit + end-to-end tests (gcov counters in build/cov,
# merged across every process that ran; gcovr reports them).
coverage: build/cov/test_unit build/cov/kmpterm build/cov/kmpsim build/kmpterm build/kmpsim \
		build/bench/hang_listener build/tools/hostile_meter
	@command -v $(GCOVR) >/dev/null || { \
		echo "make coverage needs gcovr: sudo apt-get install gcovr"; exit 1; }
	@find build/cov -name '*.gcda' -delete
	build/cov/test_unit
	KMPTERM=$(CURDIR)/build/cov/kmpterm KMPSIM=$(CURDIR)/build/cov/kmpsim tests/e2e/run-all.sh
	@$(GCOVR) -r . --object-directory build/cov -f 'src/' -s -o build/cov/coverage.txt \
		| grep -E '^(lines|functions|branches):'
	@echo "per file (unit + e2e, lines; build/cov/coverage.txt):"
	@grep -E '^src/' build/cov/coverage.txt | awk '{printf "  %-34s %6s of %5s lines  %s\n", $$1, $$3, $$2, $$4}'
	@echo "src/link/link_serial.c by the unit tests alone:"
	@find build/cov -name '*.gcda' -delete
	@build/cov/test_unit >/dev/null 2>&1 || true
	@$(GCOVR) -r . --object-directory build/cov -f 'src/link/link_serial\.c' \
		| grep -E '^src/' | awk '{printf "  %-34s %6s of %5s lines  %s\n", $$1, $$3, $$2, $$4}'

# A TCP listener whose accept queue is full, for the latency bench.
build/bench/hang_listener: tests/bench/hang_listener.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LDFLAGS)

# libFuzzer targets: every tests/fuzz/fuzz_*.c.  The sources are compiled
# once per layer into build/fuzz/lib<layer>.a; a target links the layers it
# names in FUZZ_LAYERS_<target> (top layer first; default: all of them),
# and the linker takes from those only the objects the target reaches.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CFLAGS := $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS)
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
LAYERS := app tui feature client link sim codec
LAYER_SRC_codec := $(CODEC_SRC)
LAYER_SRC_link := $(wildcard src/link/*.c)
LAYER_SRC_client := $(wildcard src/client/*.c)
LAYER_SRC_feature := $(wildcard src/feature/*.c)
LAYER_SRC_sim := $(SIM_SRC)
LAYER_SRC_tui := $(TUI_SRC)
LAYER_SRC_app := $(APP_SRC)
LAYER_LIBS_link := $(SERIAL_LIBS)
LAYER_LIBS_tui := $(NCURSES_LIBS)

FUZZ_LAYERS_fuzz_rx := codec
FUZZ_LAYERS_fuzz_paste := codec
FUZZ_LAYERS_fuzz_config := app feature codec
FUZZ_LAYERS_fuzz_sim_map := sim codec
FUZZ_LAYERS_fuzz_scan_csv := app feature client link codec
FUZZ_LAYERS_fuzz_scan := feature client link codec
FUZZ_LAYERS_fuzz_options := app feature codec
FUZZ_LAYERS_fuzz_history := sim feature client link codec
FUZZ_LAYERS_fuzz_history_journal := feature client link codec

fuzz_layers = $(or $(FUZZ_LAYERS_$(1)),$(LAYERS))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) $(DEP_FLAGS) -c $< -o $@

$(foreach l,$(LAYERS),$(eval build/fuzz/lib$(l).a: $(call objs,build/fuzz/obj,$(LAYER_SRC_$(l)))))

.SECONDEXPANSION:
$(FUZZ_BIN): build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o \
		$$(addsuffix .a,$$(addprefix build/fuzz/lib,$$(call fuzz_layers,$$*)))
	clang $(FUZZ_LDFLAGS) $^ -o $@ \
		$(foreach l,$(call fuzz_layers,$*),$(LAYER_LIBS_$(l)))

# fuzz_client: the client and the codec only, over an in-memory link that
# stands in for src/link (tests/fuzz/link_stub.c): the input plays the line.
FUZZ_LAYERS_fuzz_client := client codec
build/fuzz/fuzz_client: build/fuzz/obj/tests/fuzz/link_stub.o

fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		corpus=build/fuzz/corpus-$$(basename $$f); mkdir -p $$corpus; \
		echo "== $$f for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 $$corpus tests/fuzz/seeds || exit 1; \
	done

-include $(shell find build -name '*.d' 2>/dev/null)

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
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

# Fails when clang-format would change any file, and names them.
format-check:
	@command -v $(CLANG_FORMAT) >/dev/null || { \
		echo "format-check: $(CLANG_FORMAT) not installed: sudo apt-get install clang-format"; \
		exit 1; }
	@out=$$($(CLANG_FORMAT) --dry-run -Werror $(FORMAT_FILES) 2>&1 >/dev/null); rc=$$?; \
	bad=$$(printf '%s\n' "$$out" | sed -n 's/^\([^: ]*\):[0-9]*:[0-9]*: error: .*/\1/p' | sort -u); \
	if [ -n "$$bad" ]; then \
		echo "format-check: clang-format would change:"; \
		for f in $$bad; do echo "  $$f"; done; \
		echo "run 'make format' (clang-format -i) and review the diff"; exit 1; \
	fi; \
	if [ $$rc -ne 0 ]; then \
		echo "format-check: clang-format failed:"; printf '%s\n' "$$out" | sort -u | head -n 20; exit 1; \
	fi; \
	echo "format-check: $(words $(FORMAT_FILES)) files clang-formatted"

clean:
	rm -rf build
