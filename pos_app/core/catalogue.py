"""The shop's catalogue: categories of items with prices in minor units. No Qt here.

The file is JSON (`assets/catalogue.json` is the demo). Each item's category is the
category it is listed under; the server checks those categories against the grant, so a
child's allowance that blocks alcohol declines a basket holding beer.

A category or item may carry its name in other languages (`"names": {"zh_CN": …,
"zh_TW": …}`); the terminal shows the one of its language (kinpay.l10n), and `find` knows
an item by either name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kinpay import l10n
from kinpay.errors import MoneyError
from kinpay.money import MAX_MINOR, check_currency
from kinpay.names import one_line
from kinpay.schemas import CATEGORY_PATTERN
from pos_app.core.errors import CatalogueError as CatalogueError  # re-exported

FORMAT = "kinpay-catalogue/1"
CATEGORY_ID = re.compile(CATEGORY_PATTERN)
MAX_CATEGORIES = 32
MAX_ITEMS = 500
DEMO_PATH = Path(__file__).resolve().parents[2] / "assets" / "catalogue.json"


@dataclass(frozen=True, slots=True)
class Product:
    name: str
    price_minor: int
    category: str
    base: str = ""  # the catalogue's own (first-language) name, when `name` is another's


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    products: tuple[Product, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    currency: str
    categories: tuple[Category, ...]

    def find(self, name: str) -> Product:
        for category in self.categories:
            for product in category.products:
                if name in (product.name, product.base):
                    return product
        raise KeyError(name)


def parse(data: object) -> Catalogue:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CatalogueError("not a kinpay catalogue")
    try:
        currency = check_currency(str(data["currency"]))
        raw_categories = list(data["categories"])[: MAX_CATEGORIES + 1]
        if len(raw_categories) > MAX_CATEGORIES:
            raise CatalogueError(f"at most {MAX_CATEGORIES} categories")
        categories = []
        count = 0
        for raw in raw_categories:
            cid = str(raw["id"])
            if not CATEGORY_ID.fullmatch(cid):  # as the server takes an item's category
                raise CatalogueError(
                    f"category id {cid!r}: one lower-case word (letters, digits, _), such as "
                    "grocery or alcohol; it is what parents block (\"Alcohol\" would match "
                    "no parent's \"alcohol\")")
            products = []
            for item in raw["items"]:
                price = item["price"]
                if not isinstance(price, int) or not 0 < price <= MAX_MINOR:
                    raise CatalogueError(f"{item.get('name')!r}: price must be minor units > 0")
                # On one line as the server takes an item's name (docs/security.md row 75):
                # a tab or a line break in a shop's file would make sales it refuses.
                base = one_line(str(item["name"]))[:120]
                products.append(Product(one_line(_named(item, base))[:120], price, cid, base))
                count += 1
                if count > MAX_ITEMS:
                    raise CatalogueError(f"at most {MAX_ITEMS} items")
            cname = str(raw.get("name", cid))
            categories.append(Category(cid, _named(raw, cname), tuple(products)))
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"damaged catalogue: {exc}") from exc
    except MoneyError as exc:
        raise CatalogueError(f"the catalogue's currency: {exc}") from exc
    return Catalogue(currency, tuple(categories))


def _named(raw: dict[str, object], default: str) -> str:
    """The name in the process's language, if the catalogue gives one."""
    names = raw.get("names")
    if isinstance(names, dict):
        found = names.get(l10n.language())
        if isinstance(found, str) and found.strip():
            return found.strip()
    return default


def load(path: Path = DEMO_PATH) -> Catalogue:
    try:
        return parse(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        raise CatalogueError(f"can't read the catalogue {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"the catalogue {path} is not JSON: {exc}") from exc
