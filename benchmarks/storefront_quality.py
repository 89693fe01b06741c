"""Lighthouse scores and Nu HTML checker errors of the storefront's pages.

For home, a category, a product, search results, the basket and the
checkout, in ru and in ko, under gunicorn with production settings (see
production_server.py): Lighthouse's mobile profile in Debian's Chromium,
and the Nu HTML checker (vnu.jar on the machine's Java) on the same HTML.

    (cd benchmarks && npm ci)          # Lighthouse and vnu-jar, pinned
    .venv/bin/python benchmarks/storefront_quality.py

Needs the demo data (manage.py demo_data), chromium and java.
"""

import http.cookiejar
import json
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import django_json, production_server

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules/.bin/lighthouse"
VNU = HERE / "node_modules/vnu-jar/build/dist/vnu.jar"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

PAGES = """
import json
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
MARKETS = {"ru": "RU", "ko": "KR"}
QUERIES = {"ru": "мёд", "ko": "차"}
pages = {}
for language, market in MARKETS.items():
    product = Product.objects.filter(stockrecords__market=market).order_by("pk").first()
    category = product.get_categories().first()
    with translation.override(language):
        pages[language] = {
            "home": reverse("home"),
            "category": category.get_absolute_url(),
            "product": product.get_absolute_url(),
            "search": reverse("search:search") + "?q=" + QUERIES[language],
            "basket": reverse("basket:summary"),
            "checkout": reverse("checkout:index"),
            "add": reverse("basket:add", kwargs={"pk": product.pk}),
        }
from django.utils.encoding import iri_to_uri
print(json.dumps({
    language: {name: iri_to_uri(url) for name, url in urls.items()}
    for language, urls in pages.items()
}))
"""


def shopper_with_a_basket(base: str, language: str, pages: dict) -> str:
    """Put a product in a new shopper's basket; return their Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + pages["product"]).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "quantity": 1})
    request = urllib.request.Request(
        base + pages["add"], data=data.encode(), headers={"Referer": base}
    )
    opener.open(request).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def lighthouse(url: str, cookie: str) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    # Chromium now and then fails to start under load; one more try settles it.
    for attempt in (1, 2):
        run = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
        )
        if run.returncode == 0:
            break
        if attempt == 2:
            raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    return {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }


def html_errors(files: list[Path]) -> dict[str, int]:
    """Count the Nu checker's errors per file."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
    )
    counts = {path.name: 0 for path in files}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        counts[Path(urllib.parse.urlparse(message["url"]).path).name] += 1
    return counts


def main() -> None:
    pages = django_json(PAGES)
    rows = []
    with production_server() as base, tempfile.TemporaryDirectory() as folder:
        files = []
        for language, urls in pages.items():
            cookie = shopper_with_a_basket(base, language, urls)
            for name in ("home", "category", "product", "search", "basket", "checkout"):
                url = base + urls[name]
                request = urllib.request.Request(url, headers={"Cookie": cookie})
                html = urllib.request.urlopen(request).read()
                path = Path(folder) / f"{language}-{name}.html"
                path.write_bytes(html)
                files.append(path)
                rows.append((language, name, lighthouse(url, cookie), path.name))
        errors = html_errors(files)
    print("Lighthouse (mobile) and Nu HTML checker, production settings")
    header = ("page", "perf", "a11y", "best", "seo", "html errors")
    print("{:<14} {:>5} {:>5} {:>5} {:>5} {:>12}".format(*header))
    for language, name, scores, file_name in rows:
        print(
            f"{language + ' ' + name:<14} {scores['performance']:>5} "
            f"{scores['accessibility']:>5} {scores['best-practices']:>5} "
            f"{scores['seo']:>5} {errors[file_name]:>12}"
        )


if __name__ == "__main__":
    main()
