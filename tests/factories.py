"""factory_boy factories shared by the suite."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from news import roles
from news.models import Article, ArticleImage, Column, Credit, Region, School, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    is_staff = True
    password = factory.django.Password("pass-12345")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def editor(**kwargs):
    return UserFactory(role=roles.EDITOR, **kwargs)


def reviewer(**kwargs):
    return UserFactory(role=roles.REVIEWER, **kwargs)


def signer(**kwargs):
    return UserFactory(role=roles.SIGNER, **kwargs)


def site_admin(**kwargs):
    return UserFactory(role=roles.SITE_ADMIN, **kwargs)


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"地区{n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"专题{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"第{n}职业技术学院")
    level = School.Level.HIGHER


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"职业教育新闻第{n}篇")
    summary = "职业教育活动周在全国各地展开。"
    body = "<p>职业院校师生展示技能，教师与学生共同参与。</p>"
    column = factory.SubFactory(ColumnFactory)


class PublishedArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    article = factory.SubFactory(ArticleFactory)
    role = Credit.Role.AUTHOR
    name = "张三"


class ArticleImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleImage

    article = factory.SubFactory(PublishedArticleFactory)
    image = factory.django.ImageField(width=40, height=30, color="red", format="PNG")
    caption = "学生在实训车间操作数控机床"
    alt_text = "实训车间里的学生"
    credit = "李四"
