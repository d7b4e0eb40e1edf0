"""The public submission form (投稿) and the editors' decline form. Rules live in `news.submissions`/`news.uploads`."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from news import submissions, uploads
from news.models import Column, Region, School, Topic

BODY_MAX_CHARS = 30000
HONEYPOT_FIELD = "website"

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# A landline: area code, a 7–8 digit number not starting with 0 or 1, an optional extension (-123, 转123, #123).
# Area codes: 010 and 02x have three digits, every other (03xx–09xx) four.
_LANDLINE = re.compile(r"^(010|02\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转|#|ext\.?)(\d{1,6}))?$", re.IGNORECASE)


def normalize_phone(value: str) -> str:
    """A Chinese mobile ("13812345678") or landline ("010-12345678[-123]") number, or ValidationError."""
    compact = unicodedata.normalize("NFKC", value or "").strip()
    compact = re.sub(r"[\s()（）]", "", compact)
    compact = re.sub(r"^(?:\+86|0086|86)-?(?=1[3-9]\d{9}$|1[3-9]\d-?\d{4}-?\d{4}$)", "", compact)
    digits = compact.replace("-", "")
    if _MOBILE.match(digits):
        return digits
    match = _LANDLINE.match(compact)
    if match:
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    raise ValidationError(
        _("请填写有效的手机号（如 13812345678）或带区号的固定电话（如 010-12345678）。"), code="phone"
    )


class TreeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return " › ".join(node.name for node in obj.ancestors(include_self=True))


class SubmissionForm(forms.Form):
    required_css_class = "required"

    # Set by the type-ahead; only a hint (the typed name decides), so a tampered value is ignored, never an error.
    school = forms.CharField(required=False, widget=forms.HiddenInput)
    school_name = forms.CharField(
        label=_("学校名称"),
        max_length=120,
        help_text=_("输入校名可从名单中选择；名单中没有的学校，请填写全称并选择所在地区。"),
        widget=forms.TextInput(attrs={"autocomplete": "organization", "role": "combobox",
                                      "aria-autocomplete": "list", "aria-expanded": "false"}),
    )
    region = TreeChoiceField(
        label=_("新学校所在地区"),
        queryset=Region.objects.select_related("parent__parent"),
        required=False,
        empty_label=_("（学校在名单中时不必选择）"),
    )
    contact_name = forms.CharField(
        label=_("联系人"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=_("手机号或带区号的固定电话，仅供编辑部联系，不会公开。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"), max_length=254, help_text=_("投稿回执、审核结果将发送到这个邮箱，不会公开。"),
        error_messages={"invalid": _("请填写有效的电子邮箱地址，例如 name@school.edu.cn。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    author_name = forms.CharField(
        label=_("作者署名"), max_length=100, required=False,
        help_text=_("选填。文章发布时署名的作者，多位作者用空格分隔。"),
    )
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"), max_length=BODY_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("每段一行即可。"),
    )
    body_format = forms.ChoiceField(
        label=_("正文格式"),
        choices=[("plain", _("纯文本（每行一段）")), ("html", _("简单 HTML（段落、加粗、列表、链接）"))],
        initial="plain",
        widget=forms.RadioSelect,
    )
    column = TreeChoiceField(
        label=_("投往栏目"), queryset=Column.objects.select_related("parent__parent"), required=False,
        empty_label=_("（由编辑部决定）"),
    )
    topic = forms.ModelChoiceField(
        label=_("投往专题"), queryset=Topic.objects.filter(accepts_submissions=True).only("pk", "name"),
        required=False, empty_label=_("（不投专题）"),
    )
    attachment = forms.FileField(
        label=_("附件"), required=False,
        help_text=_("选填。PDF 或 Word（.docx），最大 20 MB。"),
        widget=forms.FileInput(attrs={"accept": uploads.ATTACHMENT_ACCEPT}),
    )
    consent = forms.BooleanField(
        label=_("我确认本稿件内容真实，学校同意本网站编辑、发布本稿件及所附图片。"),
        error_messages={"required": _("请勾选“同意发布”，否则我们无法刊用稿件。")},
    )
    # The honeypot: invisible to people (CSS moves it off-screen) and labelled for screen readers.
    website = forms.CharField(
        label=_("请勿填写此项（留空）"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Shorter names for the error summary at the top of the page, where the full label would be a paragraph.
    summary_labels = {"consent": _("同意发布"), "region": _("学校所在地区")}

    def __init__(self, *args, topic: Topic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if topic is not None and not self.is_bound:
            self.fields["topic"].initial = topic.pk
        self.school_obj: School | None = None

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_school(self) -> int | None:
        value = self.cleaned_data.get("school", "").strip()
        return int(value) if value.isdecimal() and len(value) <= 18 else None

    def clean_school_name(self) -> str:
        name = submissions.normalize_school_name(self.cleaned_data["school_name"])
        if len(name) < 2:
            raise ValidationError(_("请填写学校全称。"), code="school_name")
        return name

    def clean_contact_name(self) -> str:
        value = submissions.clean_line(self.cleaned_data["contact_name"])
        if not value:
            raise ValidationError(_("请填写联系人姓名。"), code="contact_name")
        return value

    def clean_author_name(self) -> str:
        return submissions.clean_line(self.cleaned_data["author_name"])

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_title(self) -> str:
        value = submissions.clean_line(self.cleaned_data["title"])
        if len(value) < 4:
            raise ValidationError(_("标题至少 4 个字。"), code="title")
        return value

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return uploads.check_attachment(upload)

    def clean(self):
        cleaned = super().clean()
        body, body_format = cleaned.get("body"), cleaned.get("body_format")
        if body and body_format:
            html = submissions.body_to_html(body, body_format)
            if not strip_tags(html).strip():
                self.add_error("body", ValidationError(_("正文不能为空。"), code="body"))
            cleaned["body_html"] = html
        name = cleaned.get("school_name")
        if name:
            chosen = cleaned.get("school")
            school = School.objects.filter(pk=chosen).first() if chosen else None
            if school is None or submissions.normalize_school_name(school.name) != name:
                school = School.objects.filter(name__iexact=name).first()
            self.school_obj = school
            if school is None and cleaned.get("region") is None:
                self.add_error(
                    "region",
                    ValidationError(
                        _("“%(name)s”不在院校名单中：请选择学校所在地区，我们将登记为新学校，由编辑部核实。"),
                        code="region", params={"name": name},
                    ),
                )
        return cleaned

    def to_data(self, images) -> submissions.SubmissionData:
        cleaned = self.cleaned_data
        return submissions.SubmissionData(
            school=self.school_obj,
            school_name=cleaned["school_name"],
            region=cleaned.get("region"),
            contact_name=cleaned["contact_name"],
            phone=cleaned["phone"],
            email=cleaned["email"],
            author_name=cleaned.get("author_name", ""),
            title=cleaned["title"],
            body_html=cleaned["body_html"],
            column=cleaned.get("column"),
            topic=cleaned.get("topic"),
            consent=cleaned["consent"],
            images=images,
            attachment=cleaned.get("attachment"),
        )


class ImageRowForm(forms.Form):

    image = forms.FileField(
        label=_("图片"), required=False,
        widget=forms.FileInput(attrs={"accept": uploads.IMAGE_ACCEPT}),
    )
    caption = forms.CharField(label=_("图片说明"), max_length=300, required=False)

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return uploads.process_image(upload)

    def clean_caption(self) -> str:
        return submissions.clean_line(self.cleaned_data.get("caption", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("caption") and not cleaned.get("image") and "image" not in self.errors:
            self.add_error("image", ValidationError(_("填写了图片说明，但没有选择图片。"), code="image_missing"))
        return cleaned


class BaseImageFormSet(forms.BaseFormSet):
    def images(self) -> list[tuple[uploads.CleanImage, str]]:
        return [
            (form.cleaned_data["image"], form.cleaned_data.get("caption", ""))
            for form in self.forms
            if form.cleaned_data.get("image")
        ]


ImageFormSet = forms.formset_factory(
    ImageRowForm,
    formset=BaseImageFormSet,
    extra=3,
    max_num=settings.SUBMISSION_MAX_IMAGES,
    absolute_max=settings.SUBMISSION_MAX_IMAGES,
    validate_max=True,
)
IMAGE_PREFIX = "images"


def image_formset(*args, **kwargs) -> BaseImageFormSet:
    return ImageFormSet(
        *args,
        prefix=IMAGE_PREFIX,
        error_messages={
            "too_many_forms": _("最多上传 %(num)d 张图片。"),
            "missing_management_form": _("图片表单数据不完整，请刷新页面后重新选择图片。"),
        },
        **kwargs,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("退稿理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("理由将通过邮件发送给投稿学校，并显示在其投稿查询页上。"),
    )
