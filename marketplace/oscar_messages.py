"""Oscar 4.2.1 messages that its own ru or ko catalogues leave untranslated.

Never imported: it exists so that `makemessages` keeps these msgids in
locale/ru and locale/ko, where their translations live (Django looks in
LOCALE_PATHS before an app's own catalogue). Regenerate it when Oscar is
upgraded: tests/test_translations.py lists what is still missing.
"""

from django.utils.translation import (
    gettext_noop,
    ngettext_lazy,
    pgettext_lazy,
)

MESSAGES = [
    gettext_noop(
        "'%(title)s' is no longer available to buy (%(reason)s). "
        "Please adjust your basket to continue"
    ),
    gettext_noop("ISO 3166-1 alpha-2"),
    gettext_noop("ISO 3166-1 alpha-3"),
    gettext_noop("ISO 3166-1 numeric"),
    gettext_noop(
        "Your basket has got some issues. Please correct any validation errors below."
    ),
    gettext_noop("Ancestor categories are public"),
    gettext_noop("The ancestors of this category are public"),
    gettext_noop("Boolean attribute should not be required."),
    gettext_noop("Is this option required?"),
    gettext_noop("URL"),
    gettext_noop("Percentage surcharge"),
    gettext_noop(
        "A problem occurred while placing this order. Please contact customer services."
    ),
    gettext_noop(
        "Code can only contain the uppercase letters (A-Z), digits, and underscores, and can't start with a digit."
    ),
    gettext_noop("Communication"),
    gettext_noop("An option group is required"),
    ngettext_lazy("%s Option", "%s Options", 1),
    gettext_noop("Exclusive offers cannot be combined"),
    gettext_noop("A range is required"),
    gettext_noop("All offers"),
    gettext_noop("Offers matching '%s'"),
    gettext_noop("Name and description"),
    gettext_noop("HTML"),
    gettext_noop("CSV"),
    gettext_noop("%(field)s can't be used with the %(report)s report"),
    gettext_noop(
        "%(main_filter)s %(date_filter)s %(status_filter)s%(kw_filter)s %(name_filter)s"
    ),
    gettext_noop("%(main_filter)s %(email_filter)s %(name_filter)s"),
    gettext_noop("Which products get a discount?"),
    gettext_noop("Discount type"),
    gettext_noop("Discount value"),
    gettext_noop("The name '%s' is already in use"),
    gettext_noop("The code '%s' is already in use"),
    gettext_noop("The start date must be before the end date"),
    gettext_noop("Is Active?"),
    gettext_noop("In Voucherset?"),
    gettext_noop("%(main_filter)s %(name_filter)s %(code_filter)s"),
    gettext_noop("All vouchers"),
    gettext_noop("with name matching '%s'"),
    gettext_noop("with code '%s'"),
    gettext_noop("Active vouchers"),
    gettext_noop(
        "Select other non-exclusive offers that this offer can be combined with on the same items"
    ),
    gettext_noop("%(order)s has changed status from %(old_status)s to %(new_status)s"),
    gettext_noop("Surcharge (excl. tax)"),
    gettext_noop("Page is not 'last', nor can it be converted to an int."),
    gettext_noop("Offer for voucher '%s'"),
    gettext_noop("60+"),
    gettext_noop(
        "\n        Your basket total is now <strong>%(total)s</strong>\n        "
    ),
    gettext_noop("Previous"),
    gettext_noop("Next"),
    gettext_noop(
        'You can view the status of this order by clicking <a href="%(status_url)s" title="order status">here</a>'
    ),
    gettext_noop(
        "You can view the status of this order at the below URL:\n%(status_url)s"
    ),
    gettext_noop(
        "\n            We are happy to inform you that our product '%(title)s' is back in stock:\n            %(url)s\n        "
    ),
    gettext_noop(
        "\nWe are happy to inform you that our product '%(title)s' is back in stock:\n%(url)s\n"
    ),
    gettext_noop(
        "\n        Hello,\n        <p>\n            Somebody (hopefully you) has requested an email alert when '%(title)s' is back in stock.\n            Please click the following link to confirm: %(confirm_url)s\n        </p>\n        <p>\n            You can cancel this alert at any time by clicking the following link: %(cancel_url)s\n        </p>\n\n        <p>\n            Thanks for your interest,\n            The %(site)s Team\n        </p>\n    "
    ),
    gettext_noop(
        "\nHello,\n\nSomebody (hopefully you) has requested an email alert when\n'%(title)s' is back in stock.  Please click the following link\nto confirm: %(confirm_url)s\n\nYou can cancel this alert at any time by clicking the following link:\n%(cancel_url)s\n\nThanks for your interest,\nThe %(site)s Team\n"
    ),
    pgettext_lazy("Buy again", "Re-ordering..."),
    gettext_noop(
        "Please make sure option is not assigned to Products or Product Classes before deletion."
    ),
    gettext_noop("Delete Option <strong>%(name)s</strong> - are you sure?"),
    gettext_noop("Option details"),
    gettext_noop("Active <em>Site</em> Offers"),
    gettext_noop(
        '\n        Ranges can be created and edited from within the <a href="%(range_list_url)s" target="_blank">range dashboard</a>.\n        '
    ),
    gettext_noop("1. Name and description"),
    gettext_noop("Surcharge %(name)s"),
    gettext_noop(
        "\n                        Page %(page_num)s of %(total_pages)s\n                    "
    ),
    gettext_noop("Update voucher set"),
    gettext_noop("\n                        Total: %(total)s\n                    "),
    gettext_noop(
        "Too many %(object)ss selected (%(count)d). Narrow your selection to %(limit)d or fewer and try again."
    ),
    ngettext_lazy(
        "Public status was successfully updated to %(status)s for %(count)d record.",
        "Public status was successfully updated to %(status)s for %(count)d objects.",
        1,
    ),
    ngettext_lazy(
        "Public status was successfully updated to %(status)s for %(count)d product.",
        "Public status was successfully updated to %(status)s for %(count)d products.",
        1,
    ),
    gettext_noop("Make products public"),
    gettext_noop("Make products non-public"),
    gettext_noop("Update product prices"),
    gettext_noop("Select at least one product."),
    gettext_noop("Set price to a specific amount."),
    gettext_noop("Public"),
    gettext_noop("Non-public"),
    gettext_noop("public"),
    gettext_noop("non-public"),
    gettext_noop("Select all standalones"),
    gettext_noop("Select all parents"),
    gettext_noop("Select all variants"),
    gettext_noop("Select / deselect all variants"),
    gettext_noop(
        "The amount selected products and their variants exceed the maximum total for selection. The action will be applied to the entire selection."
    ),
    gettext_noop("No products."),
    gettext_noop("Specific price"),
    gettext_noop(
        "This action will update <strong>all existing stockrecords</strong> of each selected product within the selected partners."
    ),
    gettext_noop(
        "Select the partners whose stockrecords should be updated. Only stockrecords belonging to the selected partners will be changed."
    ),
    gettext_noop("Selected products"),
    gettext_noop(
        "I understand this action cannot be undone and I am absolutely sure I want to execute it"
    ),
    gettext_noop("Mr"),
    gettext_noop("Miss"),
    gettext_noop("Mrs"),
    gettext_noop("Ms"),
    gettext_noop("Dr"),
    gettext_noop("Datetime"),
    gettext_noop("Boolean"),
    gettext_noop("DateTime"),
    gettext_noop("Line ID"),
    # The anonymous order-status form's error; Oscar's own catalogues lack it.
    gettext_noop("Order not found"),
    # A notification page's title; Oscar's ru catalogue gives the plural.
    gettext_noop("Notification"),
    # After archiving or deleting notifications; Oscar's ru verb does not
    # agree with the number, its ko one says "saved".
    ngettext_lazy(
        "%(count)d notification archived", "%(count)d notifications archived", 1
    ),
    ngettext_lazy(
        "%(count)d notification deleted", "%(count)d notifications deleted", 1
    ),
]
