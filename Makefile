# The front door. `make demo` and `make test` install whatever Debian packages
# are missing (as root, with apt-get), configure, build and run.
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

# Everything the build and the tests use, by Debian package name.
DEB_PACKAGES := cmake g++ make pkg-config libyaml-cpp-dev libyaml-dev libcsv-dev libfmt-dev nlohmann-json3-dev rapidjson-dev \
	libcli11-dev libmuparser-dev doctest-dev libbenchmark-dev libeigen3-dev libboost-graph-dev librandom123-dev graphviz libgraphviz-dev \
	clang-14 libclang-rt-14-dev \
	python3 time \
	chromium chromium-driver python3-selenium python3-pil \
	python3-dev pybind11-dev python3-pytest python3-numpy python3-pandas

# What `make bench` adds: the Python baseline's libraries (bench/python_baseline.py).
BENCH_PACKAGES := python3-yaml python3-numpy python3-scipy

FUZZ_SECONDS ?= 60
SIZES ?= S M L XL
SHAPES ?= tiered core clusters chains

.PHONY: all deps bench-deps configure build test demo clean test-sanitize fuzz bench report-example python

all: build

bench-deps: DEB_PACKAGES += $(BENCH_PACKAGES)
bench-deps: deps

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing"; echo "Run as root, or: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j$(JOBS)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (leaks inside Graphviz and fontconfig suppressed: tests/lsan.supp says why).
test-sanitize: deps
	cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBREACHRANK_SANITIZE=ON -DBREACHRANK_BUILD_BENCH=OFF \
	  -DBREACHRANK_BUILD_PYTHON=OFF
	cmake --build build-sanitize -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir build-sanitize --output-on-failure -j$(JOBS)

# libFuzzer targets (clang), each run for FUZZ_SECONDS; a finding fails and keeps its reproducer.
fuzz: deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DBREACHRANK_FUZZ=ON -DBREACHRANK_BUILD_TESTS=OFF -DBREACHRANK_BUILD_BENCH=OFF -DBREACHRANK_BUILD_EXAMPLES=OFF \
	  -DBREACHRANK_BUILD_CLI=OFF -DBREACHRANK_INSTALL=OFF -DBREACHRANK_BUILD_PYTHON=OFF
	cmake --build build-fuzz -j$(JOBS) --target fuzz_model fuzz_rules fuzz_scenario fuzz_score fuzz_csv
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# Whole-command runs over the model sizes against the Python baseline, and the
# in-process stage benchmarks; results in bench/results/ (see README "Speed").
bench: bench-deps build
	bench/run_scale.sh $(BUILD) "$(SIZES)" "$(SHAPES)"
	bench/run_stages.sh $(BUILD)

# The demo builds only what it runs (the library and the command); `make test`
# and `make bench` build the tests, examples and benchmarks.
demo: configure
	cmake --build $(BUILD) -j$(JOBS) --target breachrank_cli
	$(BUILD)/breachrank score models/met-police-2023.yaml

# The Python package into $(BUILD)/python (PYTHONPATH=$(BUILD)/python /usr/bin/python3 -c 'import breachrank').
python: configure
	cmake --build $(BUILD) -j$(JOBS) --target breachrank_python

# The Met Police model's HTML report, kept in examples/report/ (README "The report").
report-example: configure
	cmake --build $(BUILD) -j$(JOBS) --target breachrank_cli
	$(BUILD)/breachrank report models/met-police-2023.yaml --scenario examples/scenarios/met-payroll-mfa.yaml \
	  --output examples/report/met-police-2023.html

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz
