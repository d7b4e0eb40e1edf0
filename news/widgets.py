from django import forms


class RichTextarea(forms.Textarea):
    """A textarea that static/js/richtext.js turns into a small editor offering only what the sanitiser keeps."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "richtext", "rows": 16, **(attrs or {})})

    class Media:
        css = {"all": ["css/richtext.css"]}
        js = ["js/richtext.js"]
