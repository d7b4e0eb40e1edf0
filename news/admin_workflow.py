"""What the articles' and the activity weeks' admins share: running a review-chain move over a selection."""

from django.contrib import messages

from news import workflow


def run_bulk(modeladmin, request, queryset, action_name: str, done_message) -> None:
    """Take `action_name` on every selected piece through `news.workflow`; report what moved and what was refused.

    `done_message` is a callable `count -> str` (an ngettext in the caller's words: 篇稿件, 份方案).
    """
    done, failed = 0, []
    for piece in queryset:
        try:
            workflow.run(action_name, piece, by=request.user)
            done += 1
        except workflow.WorkflowError as exc:
            failed.append(f"“{piece.title}”：{exc}")
    if done:
        modeladmin.message_user(request, done_message(done))
    for line in failed[:20]:
        modeladmin.message_user(request, line, messages.ERROR)
