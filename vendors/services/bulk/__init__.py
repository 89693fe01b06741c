"""A vendor's catalogue as one file: upload it to create and update, download it.

A row is one product of the vendor, found by its SKU (`VendorProduct.sku`,
unique among the vendor's products; copied to its offers), whether it is
offered in any market or not. The rule is **all or nothing**: every row is
checked first, and if any is rejected nothing changes and the upload lists
every rejected row with the reason, in the language of the page it came
from. Otherwise all rows are written in one transaction, with bulk queries,
so the number of queries grows with the number of batches, not of rows.

A column that is missing from the file leaves that value as it is (a file of
`sku` and `price_KR` changes Korean prices only); a column that is there but
empty clears the value, and an empty price ends the vendor's offer in that
market. See docs/architecture.md ("Bulk upload").

Modules: `files` (CSV and XLSX, told apart by content), `rows` (columns and
each row's cells), `upload` (the flow), `match` (rows to the vendor's
products), `write` (bulk queries), `download` (the catalogue and template).
"""

from vendors.services.bulk.download import (
    vendor_catalogue_export,
    vendor_catalogue_template,
)
from vendors.services.bulk.upload import (
    vendor_upload_create,
    vendor_upload_fail,
    vendor_upload_process,
)

__all__ = [
    "vendor_catalogue_export",
    "vendor_catalogue_template",
    "vendor_upload_create",
    "vendor_upload_fail",
    "vendor_upload_process",
]
