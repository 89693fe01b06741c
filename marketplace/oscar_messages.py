"""Oscar 4.2.1 messages that its own ru or ko catalogues leave untranslated,
and the messages of the apps it uses that have Russian but no Korean.

Never imported: it exists so that `makemessages` keeps these msgids in
locale/ru and locale/ko, where their translations live (Django looks in
LOCALE_PATHS before an app's own catalogue). A message with no Korean
translation is shown in Russian under /ko/, since Django falls back to
LANGUAGE_CODE. Regenerate it when Oscar or those apps are upgraded:
tests/test_translations.py lists what is still missing.
"""

from django.utils.translation import (
    gettext_noop,
    ngettext_lazy,
    pgettext_lazy,
)

MESSAGES = [
    # Oscar's order confirmation, which ours (orders/emails/order_placed_*)
    # replaces; Oscar's ko catalogue lacks it.
    gettext_noop(
        "We are pleased to confirm your order %(order_number)s has been received and\n"
        "        will be processed shortly."
    ),
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
    # Messages that Oscar's ru catalogue translates and its ko catalogue does
    # not: under /ko/ Django fell back to the default language and showed them
    # in Russian.
    gettext_noop("Number of Orders as Shipping Address"),
    gettext_noop("Number of Orders as Billing Address"),
    gettext_noop("Meta title"),
    gettext_noop("Meta description"),
    gettext_noop("Show this category in search results and catalogue listings."),
    gettext_noop("Show this product in search results and catalogue listings."),
    pgettext_lazy("Product meta title", "Meta title"),
    pgettext_lazy("Product meta description", "Meta description"),
    gettext_noop("Value multi option"),
    gettext_noop("Delta Votes"),
    gettext_noop("Delta"),
    gettext_noop(
        "%s has been sent a confirmation email for another product alert on this site. Please confirm or cancel that request before signing up for more alerts."
    ),
    gettext_noop("Leave blank to generate from category name"),
    gettext_noop("Leave blank to generate from product title"),
    gettext_noop("%i products are still assigned to this option"),
    gettext_noop("%i product classes are still assigned to this option"),
    gettext_noop("Invalid lines requested"),
    gettext_noop("Ranges dashboard"),
    gettext_noop("There are more than one product with SKU %s"),
    gettext_noop("Exclusive offers cannot be combined on the same items"),
    gettext_noop("This could be the dispatch reference, or a tracking number"),
    gettext_noop(
        "Enter upper limit of this weight band in kg. The lower limit will be determined by the other weight bands."
    ),
    gettext_noop("Weight Bands"),
    gettext_noop(
        '\n                <div class="warning">%(message)s to qualify for the <a href="%(url)s">%(offer_name)s</a> special offer</div>\n            '
    ),
    gettext_noop("Post order actions"),
    gettext_noop("Refine by"),
    ngettext_lazy(
        "\n                    <strong>%(num_results)s</strong> result.\n                ",
        "\n                    <strong>%(num_results)s</strong> results.\n                ",
        1,
    ),
    gettext_noop(
        "\n                                        Add to '%(name)s' wish list\n                                    "
    ),
    gettext_noop(
        '\n                    <span class="float-left">Product is in <a href="%(url)s">\'%(name)s\'</a> wishlist.</span>\n                '
    ),
    ngettext_lazy(
        "\n            <strong>%(num_up_votes)s</strong> of %(num_votes)s customer found this useful\n            ",
        "\n            <strong>%(num_up_votes)s</strong> of %(num_votes)s customers found this useful\n            ",
        1,
    ),
    gettext_noop(
        "You're receiving this email because your email address has been changed to <strong>%(email)s</strong>."
    ),
    gettext_noop(
        "You're receiving this e-mail because your password has been changed at %(name)s."
    ),
    gettext_noop(
        "\n                Beware that the amount of items in stock is limited. Be quick or someone might get there first.\n            "
    ),
    gettext_noop(
        "\n            With this email we have disabled your alert automatically and you will not\n            receive any further email regarding this product.\n        "
    ),
    gettext_noop(
        "Please make sure all Product Attributes are assigned to another Attribute Option Group before deletion."
    ),
    gettext_noop(
        "Delete Attribute Option Group <strong>%(name)s</strong> - are you sure?"
    ),
    gettext_noop("Category details"),
    gettext_noop("Search engine optimisation"),
    gettext_noop("Upselling"),
    gettext_noop(
        "Drag images to re-order them. Space for additional images will appear when images are added."
    ),
    gettext_noop("This product does not have any variants."),
    gettext_noop("One can't add variants to this product at this point."),
    gettext_noop("Please save the product before trying to add variants."),
    gettext_noop("View a preview of this email using order:"),
    gettext_noop(
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("\n        %(name)s | Offers\n    "),
    gettext_noop("Change line status to"),
    gettext_noop("\n    <p>File <strong>%(filename)s</strong> processed.</p>\n"),
    ngettext_lazy(
        "\n                <strong>%(n)s</strong> product added\n            ",
        "\n                <strong>%(n)s</strong> products added\n            ",
        1,
    ),
    ngettext_lazy(
        "\n                There was <strong>%(n)s</strong> duplicate product in the file\n            ",
        "\n                There were <strong>%(n)s</strong> duplicate products in the file\n            ",
        1,
    ),
    ngettext_lazy(
        "\n                There was <strong>%(n)s</strong> product in the file that couldn't be found in the catalogue\n            ",
        "\n                There were <strong>%(n)s</strong> products in the file that couldn't be found in the catalogue\n            ",
        1,
    ),
    gettext_noop("Review #%(review_id)s"),
    gettext_noop(
        "\n    <p>A weight band has been added to the <strong>%(name)s</strong> shipping method.</p>\n"
    ),
    gettext_noop(
        "\n    <p>Weight band deleted from the <strong>%(name)s</strong> shipping method \n"
    ),
    gettext_noop("Weight band updated"),
    gettext_noop("Delete weight band?"),
    gettext_noop("Are you sure you want to delete this weight band method?"),
    gettext_noop("Edit weight band"),
    gettext_noop("Weight bands"),
    gettext_noop("No weight bands have been added yet."),
    gettext_noop("Add a new weight band"),
    gettext_noop("Add weight band"),
    gettext_noop("Number of weight bands"),
    gettext_noop("Num"),
    pgettext_lazy("Product attribute value", "Yes"),
    pgettext_lazy("Product attribute value", "No"),
    gettext_noop("Help text"),
    gettext_noop("Offer type"),
    gettext_noop("Name, description and type"),
    gettext_noop("Voucher set deleted"),
    gettext_noop("You must be logged in to view the wish list"),
    gettext_noop("All Offers"),
    gettext_noop("Number of offers"),
    gettext_noop("All Vouchers"),
    gettext_noop("Edit voucher set"),
    gettext_noop("No voucher sets found."),
    # django-treebeard's form for moving a category in Oscar's dashboard: its
    # catalogues have Russian but no Korean.
    gettext_noop("Child of"),
    gettext_noop("Sibling of"),
    gettext_noop("First child of"),
    gettext_noop("Before"),
    gettext_noop("After"),
    gettext_noop("Relative to"),
    gettext_noop("-- root --"),
    # django-phonenumber-field's errors on address forms: its catalogues have
    # Russian but no Korean for these, which name an example number.
    pgettext_lazy(
        "{example_number} is a national phone number.",
        "Enter a valid phone number (e.g. {example_number}) or a number with an international call prefix.",
    ),
    pgettext_lazy(
        "{example_number} is an international phone number.",
        "Enter a valid phone number (e.g. {example_number}).",
    ),
    pgettext_lazy(
        "{example_number} is a national phone number.",
        "Enter a valid phone number (e.g. {example_number}).",
    ),
    # django-axes (failed logins, in Django admin): its catalogues have
    # Russian but no Korean.
    gettext_noop("Access lock out"),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]
