import pytest
from django.utils import translation
from oscar.core.loading import get_model

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")


@pytest.mark.django_db
def test_description_is_sanitised_when_saved():
    # given
    category = Category.add_root(name_ru="Обувь")
    category.description_ru = (
        '<p onclick="steal()">Тёплые <b>сапоги</b><script>alert(1)</script></p>'
    )

    # when
    category.save()

    # then
    category.refresh_from_db()
    assert category.description_ru == "<p>Тёплые <b>сапоги</b></p>"


@pytest.mark.django_db
def test_product_description_keeps_formatting_and_drops_scripts():
    # given
    product_class = ProductClass.objects.create(name="Goods")

    # when
    product = Product.objects.create(
        product_class=product_class,
        title_ru="Чайник",
        description_ko=(
            '<ul><li>유리</li></ul><img src=x onerror="alert(1)">'
            '<a href="javascript:alert(1)">링크</a>'
        ),
    )

    # then
    product.refresh_from_db()
    assert (
        product.description_ko
        == '<ul><li>유리</li></ul><a rel="noopener nofollow ugc">링크</a>'
    )


@pytest.mark.django_db
def test_category_saved_in_korean_gets_a_slug_and_name_in_every_language():
    # given
    with translation.override("ko"):
        category = Category.add_root(name="도서")

    # when
    with translation.override("ru"):
        url = category.get_absolute_url()
        name = category.name

    # then
    assert (category.slug_ru, category.slug_ko, category.slug_en) == (
        "도서",
        "도서",
        "도서",
    )
    assert name == "도서"
    assert "/ru/" in url


@pytest.mark.django_db
def test_each_language_gets_a_unicode_slug_from_its_own_title():
    # given
    product_class = ProductClass.objects.create(name="Goods")

    # when
    product = Product.objects.create(
        product_class=product_class,
        title_ru="Книги и журналы",
        title_ko="책과 잡지",
        title_en="Books and magazines",
    )

    # then
    assert product.slug_ru == "книги-и-журналы"
    assert product.slug_ko == "책과-잡지"
    assert product.slug_en == "books-and-magazines"


@pytest.mark.django_db
def test_empty_title_falls_back_to_another_language():
    # given
    product_class = ProductClass.objects.create(name="Goods")
    product = Product.objects.create(product_class=product_class, title_ru="Самовар")

    # when
    with translation.override("ko"):
        title = product.title

    # then
    assert title == "Самовар"
