#!/usr/bin/python3
"""The HTML report in a real browser (Debian's chromium, headless, driven by
chromedriver through Selenium).

    tests/browser/report_browser.py BREACHRANK SOURCE_DIR OUT_DIR

For the Met Police model (with a scenario) and for a generated model large
enough to page its ranking, it writes the report and opens it, then checks:
  - the DOM holds one ranking row per vendor (every row, or every row of the
    page's data when paged), every top vendor's section and the diagram;
  - sorting by a column, with a click and with the keyboard, puts the rows in
    order;
  - the page logged no console error and asked for nothing over the network;
  - a screenshot is not blank;
  - headings run in order from one h1, every table has column headers,
    every picture has a name;
  - it prints (Chrome's print to PDF) to several pages.
The screenshots are kept in OUT_DIR for a person to look at.
Exits 1 on the first failed check, with what was expected and found.
"""
import base64
import json
import os
import re
import subprocess
import sys
import time

from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

BR, SRC, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(*args):
    done = subprocess.run([BR, *args], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"breachrank {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1600", "--hide-scrollbars"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def column_values(driver, column):
    """The sort keys of one column of the ranking's visible rows."""
    return driver.execute_script(
        "var col = arguments[0];"
        "return Array.from(document.querySelectorAll('#ranking-table tbody tr')).map(function (r) {"
        "  var c = r.cells[col]; var v = c.getAttribute('data-v');"
        "  return v !== null ? parseFloat(v) : c.textContent.trim(); });", column)


def header_index(driver, label):
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ranking-table thead th')).map(function (t) {"
        "  return t.textContent.trim(); });")
    check(label in labels, f"no ranking column {label!r} in {labels}")
    return labels.index(label)


def check_page(name, html, model, top, scenario_count, paged):
    scored = json.loads(run("score", model, "--format", "json"))
    vendors = scored["vendors"]
    driver = browser()
    try:
        started = time.monotonic()
        driver.get("file://" + os.path.abspath(html))
        opened = time.monotonic() - started
        print(f"{name}: opened in {opened:.2f} s")
        check(opened < 10, f"{name}: the page took {opened:.1f} s to open (at most 10)")
        rows = driver.find_elements(By.CSS_SELECTOR, "#ranking-table tbody tr")
        if paged:
            total = driver.execute_script(
                "return JSON.parse(document.getElementById('ranking-data').textContent).rows.length;")
            check(total == len(vendors), f"{name}: {total} rows of ranking data, {len(vendors)} vendors")
            check(len(rows) == 100, f"{name}: a page shows {len(rows)} rows, not 100")
            where = driver.find_element(By.CSS_SELECTOR, "#ranking-pager .where").text
            check(f"of {len(vendors):,}" in where, f"{name}: the pager says {where!r}")
        else:
            check(len(rows) == len(vendors), f"{name}: {len(rows)} ranking rows, {len(vendors)} vendors")
        # The ranking starts in rank order, as `score` gives it.
        ids = [v["id"] for v in vendors]
        first = driver.execute_script(
            "return Array.from(document.querySelectorAll('#ranking-table tbody tr')).slice(0, 5).map("
            "function (r) { return r.cells[1].textContent; });")
        for shown, vid in zip(first, ids):
            check(f"({vid})" in shown or shown.strip() == vid, f"{name}: ranking row {shown!r}, expected {vid}")
        # The figures read as `score` prints them: risk, EAL, likelihood, direct, cascade, people, orgs.
        table = {}
        for line in run("score", model).splitlines():
            cells = re.split(r"\s{2,}", line.strip())  # columns are two or more spaces apart
            if len(cells) >= 12 and cells[0].isdigit():
                cells[8] = cells[8].split(" \u00b1 ")[0]  # the cascade without its standard error
                table[cells[1]] = cells
        shown_rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('#ranking-table tbody tr')).slice(0, 20).map(function (r) {"
            "  return Array.from(r.cells).map(function (c) { return c.textContent.trim(); }); });")
        for cells in shown_rows:
            vid = cells[1].rsplit("(", 1)[-1].rstrip(")") if cells[1].endswith(")") else cells[1]
            want = table.get(vid)
            check(want is not None, f"{name}: {vid} is not in score's table")
            # page: rank vendor kind tier risk EAL likelihood direct cascade people orgs
            # table: rank vendor tier risk EAL inherent likelihood direct cascade method people orgs
            page = [cells[0], cells[4], cells[5], cells[6], cells[7], cells[8], cells[9], cells[10]]
            cli = [want[0], want[3], want[4], want[6], want[7], want[8], want[10], want[11]]
            check(page == cli, f"{name}: {vid}'s row reads {page}, score prints {cli}")
        sections = driver.find_elements(By.CSS_SELECTOR, "section.vendor")
        want = ["v-" + i for i in ids[:top]]
        got = [s.get_attribute("id") for s in sections]
        check(got == want, f"{name}: vendor sections {got[:5]}..., expected {want[:5]}...")
        nodes = driver.find_elements(By.CSS_SELECTOR, "#diagram ~ figure svg g.node")
        check(len(nodes) > 0, f"{name}: the diagram has no nodes")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#scenarios ~ h3")) >= scenario_count,
              f"{name}: fewer than {scenario_count} scenario sections")

        # Sorting: a click on Risk sorts descending, a second ascending; Enter on Vendor sorts by name.
        risk = header_index(driver, "Risk")
        button = driver.find_elements(By.CSS_SELECTOR, "#ranking-table thead th button")[risk]
        button.click()
        values = column_values(driver, risk)
        check(values == sorted(values, reverse=True), f"{name}: risk not descending after a click: {values[:6]}")
        button.click()
        values = column_values(driver, risk)
        check(values == sorted(values), f"{name}: risk not ascending after a second click: {values[:6]}")
        if paged:
            smallest = min(v["risk"] for v in vendors)
            # The page keeps each figure to 7 significant digits for sorting, as its text shows it.
            check(abs(values[0] - smallest) <= 1e-6 * abs(smallest),
                  f"{name}: the first row after sorting ascending is {values[0]}, the smallest risk is {smallest}")
        th = driver.find_elements(By.CSS_SELECTOR, "#ranking-table thead th")[risk]
        check(th.get_attribute("aria-sort") == "ascending", f"{name}: aria-sort is {th.get_attribute('aria-sort')}")
        vendor = header_index(driver, "Vendor")
        driver.find_elements(By.CSS_SELECTOR, "#ranking-table thead th button")[vendor].send_keys(Keys.ENTER)
        names = column_values(driver, vendor)
        in_order = driver.execute_script(
            "var c = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});"
            "var a = arguments[0]; for (var i = 1; i < a.length; ++i) if (c.compare(a[i - 1], a[i]) > 0) return false;"
            "return true;", names)
        check(in_order, f"{name}: vendor names not in order after Enter: {names[:6]}")

        shot = os.path.join(OUT, f"{name}.png")
        driver.execute_script("window.scrollTo(0, 0);")
        driver.save_screenshot(shot)
        image = Image.open(shot).convert("L")
        spread = ImageStat.Stat(image).stddev[0]
        check(spread > 10, f"{name}: the screenshot looks blank (grey-level spread {spread:.1f})")
        colours = len(Image.open(shot).convert("RGB").getcolors(1 << 20) or [])
        check(colours > 20, f"{name}: the screenshot has only {colours} colours")

        # Accessible: headings in order from one h1; every table has column
        # headers; every picture has a name; every sort control is a button.
        a11y = driver.execute_script(
            "var out = [];"
            "var hs = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(function (h) { return +h.tagName[1]; });"
            "if (hs[0] !== 1 || hs.filter(function (l) { return l === 1; }).length !== 1) out.push('not one h1 first');"
            "for (var i = 1; i < hs.length; ++i) if (hs[i] > hs[i - 1] + 1) out.push('heading skips from h' + hs[i - 1] + ' to h' + hs[i]);"
            "document.querySelectorAll('table').forEach(function (t, i) { if (!t.querySelector('thead th')) out.push('table ' + i + ' has no header'); });"
            "document.querySelectorAll('svg').forEach(function (s, i) {"
            "  if (!s.getAttribute('aria-labelledby') && !s.getAttribute('aria-label') && !s.querySelector('title')) out.push('svg ' + i + ' has no name'); });"
            "return out;")
        check(not a11y, f"{name}: accessibility: {a11y}")
        # Printed: a PDF of several pages, as `chromium --headless --print-to-pdf` makes it.
        pdf = base64.b64decode(driver.print_page())
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        with open(os.path.join(OUT, f"{name}.pdf"), "wb") as f:
            f.write(pdf)
        check(pages >= 2, f"{name}: the printed page has {pages} page(s)")

        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        check(not errors, f"{name}: console errors: {errors}")
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        outside = [u for u in requests if not u.startswith("file://") and not u.startswith("data:")]
        check(not outside, f"{name}: the page asked the network for {outside}")
        print(f"{name}: {len(vendors)} vendors, {len(sections)} sections, {len(nodes)} diagram nodes; sorted by "
              f"click and by keyboard; no console error; {len(requests)} request(s), all to the file itself; "
              f"screenshot {shot}")
    finally:
        driver.quit()


met = os.path.join(SRC, "models", "met-police-2023.yaml")
met_html = os.path.join(OUT, "met-police-2023.html")
run("report", met, "--output", met_html, "--scenario",
    os.path.join(SRC, "examples", "scenarios", "met-payroll-mfa.yaml"))
check_page("met-police-2023", met_html, met, 9, 1, paged=False)

# Paged: more vendors than the page lists as a table (kReportRankingRows, 5,000).
big = os.path.join(OUT, "generated-6000.yaml")
run("generate", "--organisations", "20", "--suppliers", "6000", "--seed", "7", "--shape", "core", "--output", big)
big_html = os.path.join(OUT, "generated-6000.html")
run("report", big, "--output", big_html)
check_page("generated-6000", big_html, big, 20, 0, paged=True)
print("report_browser: all checks passed")
