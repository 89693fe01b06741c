"""The one settings module, configured from the environment.

Variables: DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL,
MARKETPLACE_HTTPS, STRIPE_PUBLISHABLE_KEY, STRIPE_SECRET_KEY,
STRIPE_WEBHOOK_SECRET, EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, MEDIA_ROOT, STATIC_ROOT.

Without DATABASE_URL or REDIS_URL the embedded servers under var/ are used
(see marketplace/embedded.py); they are started by `make run` / `make test`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    items = (item.strip() for item in os.environ.get(name, default).split(","))
    return [item for item in items if item]


DEBUG = env_bool("DEBUG", False)
# The fallback key is recognisably insecure, so `check --deploy` flags a
# production configuration that forgot to set one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# A form sent from a page opened before signing in or out, or before cookies
# were cleared: the storefront's page, saying to reload and try again.
CSRF_FAILURE_VIEW = "catalog.views.csrf_failure"

# --- Services -----------------------------------------------------------------

if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
    from marketplace.embedded import ensure_services

    ensure_services(VAR_DIR)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ["REDIS_URL"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "marketplace",
    },
    # Rendered template fragments, kept in each web process's memory (fetching
    # them from Redis would cost about what rendering them does). They hold
    # nothing personal; those that show a price or stock are keyed by every
    # offer they show (catalog.templatetags.storefront_tags.product_grid).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 10000},
    },
}

CELERY_BROKER_URL = REDIS_URL.replace("unix://", "redis+socket://", 1)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "phonenumber_field",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # Sign-in that holds: failed logins throttled (axes), second factors
    # (django-otp's TOTP and one-time recovery codes). Before the customer
    # app, whose admin replaces theirs.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "marketplace.shop.Shop",
    "analytics.apps.AnalyticsConfig",
    "payments.checkout.apps.CheckoutConfig",
    "logistics.address.apps.AddressConfig",
    "logistics.apps.ShippingConfig",
    "catalog.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "vendors.apps.PartnerConfig",
    "orders.basket.apps.BasketConfig",
    "payments.apps.PaymentConfig",
    "orders.offer.apps.OfferConfig",
    "orders.apps.OrderConfig",
    "orders.customer.apps.CustomerConfig",
    "catalog.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "vendors.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "vendors.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "vendors.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
]

SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "catalog.middleware.StorefrontCSPMiddleware",
    # Before anything reads the session, the database or the URL's view; below
    # the security and CSP middleware, so that its 400 page gets their headers.
    "catalog.middleware.NulByteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "catalog.middleware.MarketMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The browsers each account signs in on; a second factor remembered there.
    "orders.customer.security.middleware.KnownBrowserMiddleware",
    # Admin, Oscar's dashboard and the seller dashboard ask for the second
    # factor; an account with one asks for it everywhere.
    "orders.customer.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "orders.basket.middleware.BasketMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Last, as axes asks: turns a login refused for a lockout into the
    # lockout page.
    "axes.middleware.AxesMiddleware",
]

# The one warning left is the intended replacement of Oscar's currency_filters
# template library (see TEMPLATES below).
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "catalog.context_processors.market",
            ],
            # Oscar's money filter, replaced by one that prints whole amounts
            # without minor units in each language's own format.
            "libraries": {"currency_filters": "catalog.templatetags.money"},
        },
    }
]

AUTHENTICATION_BACKENDS = [
    # First: it refuses a locked-out account or address before any password
    # is checked.
    "orders.customer.security.backends.ThrottlingBackend",
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# Reversed when used, in the language of the page that asks for a sign-in
# (/ko/seller/ -> /ko/accounts/login/?next=...); Django's default has no
# language prefix, so the visitor could land in another language.
LOGIN_URL = reverse_lazy("customer:login")
LOGIN_REDIRECT_URL = reverse_lazy("home")

# --- Languages ----------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("ko", _("Korean")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Off: it would also group ids and order numbers printed in templates
# ("100 001"); money is grouped by the currency filter instead.
USE_THOUSAND_SEPARATOR = False

# Catalogue content: a field left empty in one language falls back to the
# others in this order, so a page never shows a blank title.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ru", "en", "ko"),
    "ko": ("en", "ru"),
    "en": ("ru", "ko"),
}
MODELTRANSLATION_AUTO_POPULATE = False

# --- Static and media files ---------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MARKETPLACE_SERVE_MEDIA = env_bool("MARKETPLACE_SERVE_MEDIA", DEBUG)
# Vendors' documents: never under MEDIA_ROOT, served only through a view that
# checks who asks (vendors.views.VendorDocumentDownloadView).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email --------------------------------------------------------------------

# Every message handed to Django's mail API is queued to Celery after the
# transaction commits; the worker hands it to MARKETPLACE_EMAIL_DELIVERY_BACKEND.
EMAIL_BACKEND = "marketplace.mail.CeleryEmailBackend"
MARKETPLACE_EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "shop@marketplace.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Payments -----------------------------------------------------------------

# Stripe (payments.providers.stripe): cards on Stripe Checkout. With test keys
# (sk_test_...) the same code runs against Stripe's test mode; the webhook
# secret is the signing secret of the endpoint /payments/stripe/webhook/.
# STRIPE_API_BASE points the official library elsewhere: tests and a local
# run use payments.fakes.stripe_server, which speaks Stripe's format.
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")

# Each provider's settings (payments.providers.registry); Stripe's are above.
MARKETPLACE_PAYMENT_PROVIDERS = {
    "yookassa": {
        "shop_id": os.environ.get("YOOKASSA_SHOP_ID", ""),
        "secret_key": os.environ.get("YOOKASSA_SECRET_KEY", ""),
        "api_url": os.environ.get("YOOKASSA_API_URL", "https://api.yookassa.ru/v3"),
    },
}
# The ways to pay each market offers, in the order the payment step lists
# them; a provider without its keys is left out. Stripe serves neither Russia
# nor Mir cards; Kazakhstan waits for Kaspi.
MARKETPLACE_MARKET_PAYMENT_PROVIDERS = {
    "RU": ("yookassa", "cash-on-delivery"),
    "KZ": ("cash-on-delivery",),
    "KR": ("stripe", "cash-on-delivery"),
    "LV": ("stripe", "cash-on-delivery"),
}
# How long an order placed for payment in advance holds its stock unpaid.
MARKETPLACE_PAYMENT_WINDOW = 60 * 60  # seconds
# How far back the reconciliation job reads the providers' payments; inside
# the 30 days Stripe lists its events for.
MARKETPLACE_PAYMENT_RECONCILE_DAYS = 7
MARKETPLACE_PAYMENT_TIMEOUT = 20  # seconds per HTTP request to a provider

# --- Carriers -----------------------------------------------------------------

# Tracking (logistics.tracking): each carrier's API address and credentials,
# and the secret its pushed updates must carry. An empty secret refuses every
# push of that carrier; empty credentials make its polls fail and back off.
MARKETPLACE_CARRIERS = {
    "cdek": {
        "base_url": os.environ.get("CDEK_API_URL", "https://api.cdek.ru"),
        "client_id": os.environ.get("CDEK_CLIENT_ID", ""),
        "client_secret": os.environ.get("CDEK_CLIENT_SECRET", ""),
        # CDEK signs nothing: the webhook URL registered with it ends in
        # ?secret=<this>.
        "webhook_secret": os.environ.get("CDEK_WEBHOOK_SECRET", ""),
    },
    "russian-post": {
        "base_url": os.environ.get(
            "RUSSIAN_POST_API_URL", "https://tracking.russianpost.ru"
        ),
        "login": os.environ.get("RUSSIAN_POST_LOGIN", ""),
        "password": os.environ.get("RUSSIAN_POST_PASSWORD", ""),
    },
    "cj-logistics": {
        "base_url": os.environ.get("CJ_API_URL", "https://www.cjlogistics.com"),
        "webhook_secret": os.environ.get("CJ_WEBHOOK_SECRET", ""),
    },
    "dhl": {
        "base_url": os.environ.get("DHL_API_URL", "https://api-eu.dhl.com"),
        "api_key": os.environ.get("DHL_API_KEY", ""),
        # The header and token of the push subscription's ApiKeyAuthentication.
        "push_header": os.environ.get("DHL_PUSH_HEADER", "DHL-Push-Token"),
        "push_token": os.environ.get("DHL_PUSH_TOKEN", ""),
    },
}
MARKETPLACE_CARRIER_TIMEOUT = 10  # seconds per HTTP request to a carrier
# Parcels in transit are asked about this often; at most this many per
# carrier per run of the poll (carriers limit requests); after failures the
# wait doubles each time, up to the longest wait.
MARKETPLACE_TRACKING_POLL_INTERVAL = 3 * 60 * 60
MARKETPLACE_TRACKING_POLL_LIMIT = 50
MARKETPLACE_TRACKING_POLL_BACKOFF_MAX = 24 * 60 * 60

# --- Security -----------------------------------------------------------------

HTTPS = env_bool("MARKETPLACE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
OSCAR_BASKET_COOKIE_SECURE = HTTPS
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Sign-in -------------------------------------------------------------------
# Why these figures: docs/architecture.md, "Sign-in".

# The reverse proxies in front of the site (addresses or networks). Only a
# request whose socket address is one of them has its client address read
# from X-Forwarded-For; any other request is judged by its socket address.
MARKETPLACE_TRUSTED_PROXIES = env_list("MARKETPLACE_TRUSTED_PROXIES", "")

# Failed logins (the shop's, Oscar's dashboard's, Django admin's) are counted
# in PostgreSQL per account and per client address; at 10 within the window
# that account or address is refused for 15 minutes from its last failure.
# A browser that has signed in to the account before is not refused, so an
# attacker cannot keep the owner out.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not clear the count (failures age out after the window):
# clearing it would also clear the address's failures on other accounts, so
# anyone with an account of their own could guess on without limit.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "orders.customer.security.client.client_ip"
AXES_USERNAME_CALLABLE = "orders.customer.security.throttling.login_username"
AXES_WHITELIST_CALLABLE = "orders.customer.security.throttling.known_browser"
AXES_LOCKOUT_CALLABLE = "orders.customer.security.throttling.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
# Successful sign-ins are the accounts' known browsers; the failed ones have
# an admin page of ours (orders/customer/admin.py) with an unlock action.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# Password reset emails asked per address and per email address.
MARKETPLACE_RESET_EMAIL_RATE = "5/h"

# Second factors (django-otp). Required of staff and of vendors' users
# (orders.customer.security.services.two_factor_required) on these URLs;
# an account with a second factor is asked for it on every page.
MARKETPLACE_TWO_FACTOR_PATHS = ("admin/", "dashboard/", "seller/")
OTP_TOTP_ISSUER = "Bazaar"
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds, doubled after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1
MARKETPLACE_RECOVERY_CODES = 10
# A browser where the person ticked "remember" skips the second factor this
# long; they can forget it on their account's security page.
MARKETPLACE_TWO_FACTOR_REMEMBER = timedelta(days=30)
MARKETPLACE_BROWSER_COOKIE = "mp_browser"

# Scripts, styles, fonts and images come from this origin only. Inline
# scripts need the per-request nonce. Oscar's templates still carry inline
# style attributes, hence 'unsafe-inline' for styles until the storefront
# redesign removes them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "font-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Oscar --------------------------------------------------------------------

OSCAR_SHOP_NAME = "Bazaar"
OSCAR_URL_SCHEMA = "https" if HTTPS else "http"
OSCAR_SHOP_TAGLINE = _("Goods from independent sellers")
OSCAR_DEFAULT_CURRENCY = "RUB"
OSCAR_HOMEPAGE = reverse_lazy("home")
# Consumer prices include VAT, so offers discount the VAT-inclusive price.
OSCAR_OFFERS_INCL_TAX = True
# The market of a visitor who has not chosen one and whose language and
# browser hint at none (catalog.middleware), and of stock records created
# without one.
MARKETPLACE_DEFAULT_MARKET = "RU"
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Vendors' application documents: the largest file accepted.
MARKETPLACE_VENDOR_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# Vendors' catalogue files (CSV or XLSX, seller dashboard "Bulk upload"): the
# largest file and the most rows accepted; a bigger catalogue goes in parts.
MARKETPLACE_VENDOR_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
MARKETPLACE_VENDOR_UPLOAD_MAX_ROWS = 20_000
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_EAGER_ALERTS = False
OSCAR_SLUG_ALLOW_UNICODE = True
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "country")
OSCAR_INITIAL_ORDER_STATUS = "Pending"
OSCAR_INITIAL_LINE_STATUS = "Pending"
OSCAR_ORDER_STATUS_PIPELINE = {
    # An order paid in advance is placed awaiting its payment (payments).
    "Awaiting payment": ("Pending", "Cancelled"),
    "Pending": ("Being processed", "Cancelled"),
    "Being processed": ("Complete", "Cancelled"),
    "Complete": (),
    "Cancelled": (),
}
OSCAR_LINE_STATUS_PIPELINE = OSCAR_ORDER_STATUS_PIPELINE

HAYSTACK_CONNECTIONS = {
    "default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}
}
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "oscar": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
