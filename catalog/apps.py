import shutil
from pathlib import Path

import oscar
import oscar.apps.catalogue.apps as apps
from django.conf import settings
from django.db.models.signals import post_migrate


def install_missing_image(**kwargs) -> None:
    """Copy Oscar's "no image" picture to MEDIA_ROOT, where its thumbnailer looks."""
    target = Path(settings.MEDIA_ROOT) / settings.OSCAR_MISSING_IMAGE_URL
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        Path(oscar.__file__).parent / "static/oscar/img/image_not_found.jpg", target
    )


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self) -> None:
        super().ready()
        # Every deployment runs migrate, so the picture is always in place.
        post_migrate.connect(install_missing_image, sender=self)
        from catalog import receivers  # noqa: F401  (connects the signal handlers)
