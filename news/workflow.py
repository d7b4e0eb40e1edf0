"""The review and sign-off chain (编辑 → 送审 → 审核 ×N → 送签 → 签发).

Every move is one function named for the action. Each checks the actor's permission and the piece's state,
then changes the state inside a transaction holding the article's row lock, and appends a `Transition`.
Admin buttons, bulk actions, commands and tests all call these functions; nothing else changes `status`.

States::

    draft ──submit──▶ review ──approve (level 1…N-1)──▶ review
      ▲                 │  └──approve (level N)──▶ signoff ──sign_off──▶ published ──withdraw──▶ withdrawn
      └────reject───────┴────────────reject─────────┘          (future time = scheduled)      │
    withdrawn/archived ──reopen──▶ draft            published/withdrawn ──archive──▶ archived ◀┘

N is `settings.NEWS_REVIEW_LEVELS` (三审 = 3; 0 sends a submitted piece straight to sign-off).

The chain is not only for articles: any model with the fields status (these choices), review_level, version,
published_at, created_by, last_edited_by, deleted_at, deleted_by and updated_at can `register()` itself with
its own append-only log model and its own permissions (the events app's activity weeks do). Every function
below then takes such a piece as well as an article; articles behave exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news.models import Article, Credit, Transition

Status = Article.Status


class WorkflowError(Exception):
    """A move the chain does not allow; the message is for the editor."""


class NotPermitted(WorkflowError):
    pass


class InvalidTransition(WorkflowError):
    pass


class StaleState(WorkflowError):
    """Someone else moved the piece first."""


@dataclass(frozen=True)
class Action:
    name: str
    label: object  # a lazy translation
    permission: str
    sources: tuple[str, ...]
    needs_comment: bool = False


ACTIONS: dict[str, Action] = {
    "submit": Action("submit", gettext_lazy("送审"), "news.submit_article", (Status.DRAFT,)),
    "approve": Action("approve", gettext_lazy("审核通过"), "news.review_article", (Status.REVIEW,)),
    "reject": Action(
        "reject", gettext_lazy("退回修改"), "news.review_article", (Status.REVIEW, Status.SIGNOFF), needs_comment=True
    ),
    "sign_off": Action("sign_off", gettext_lazy("签发"), "news.sign_off_article", (Status.SIGNOFF,)),
    "withdraw": Action(
        "withdraw", gettext_lazy("撤稿"), "news.withdraw_article", (Status.PUBLISHED,), needs_comment=True
    ),
    "archive": Action("archive", gettext_lazy("归档"), "news.archive_article", (Status.PUBLISHED, Status.WITHDRAWN)),
    "reopen": Action("reopen", gettext_lazy("重新编辑"), "news.submit_article", (Status.WITHDRAWN, Status.ARCHIVED)),
}


@dataclass(frozen=True)
class Chain:
    """What the review chain needs to know about one kind of content."""

    model: type[models.Model]
    log_model: type[models.Model]
    log_field: str  # the log model's foreign key to the piece
    # The article permission of each action (as in ACTIONS) mapped to this model's own permission.
    permissions: dict[str, str]
    credits: bool = False  # articles print who edited, sent up and signed off (Credit rows)
    hooks: list = field(default_factory=list)

    def perm(self, article_permission: str) -> str:
        return self.permissions.get(article_permission, article_permission)

    def action(self, name: str) -> Action:
        action = ACTIONS[name]
        return replace(action, permission=self.perm(action.permission))

    def log(self, piece, **values):
        return self.log_model.objects.create(**{self.log_field: piece}, **values)


_hooks: list = []
_ARTICLE_PERMISSIONS = (
    "news.submit_article", "news.review_article", "news.sign_off_article", "news.withdraw_article",
    "news.archive_article",
)
_chains: dict[type, Chain] = {
    Article: Chain(
        Article, Transition, "article", {code: code for code in _ARTICLE_PERMISSIONS}, credits=True, hooks=_hooks
    ),
}


def register(model: type[models.Model], *, log_model: type[models.Model], log_field: str, permissions: dict) -> Chain:
    """Put another model through the chain. `permissions` maps each article permission to the model's own."""
    chain = Chain(model, log_model, log_field, dict(permissions))
    _chains[model] = chain
    return chain


def chain_for(piece_or_model) -> Chain:
    model = piece_or_model if isinstance(piece_or_model, type) else type(piece_or_model)
    chain = _chains.get(model._meta.concrete_model)
    if chain is None:
        raise InvalidTransition(_("这类内容没有审签流程。"))
    return chain


def review_levels() -> int:
    return max(0, int(getattr(settings, "NEWS_REVIEW_LEVELS", 3)))


def _may_reject(user, chain: Chain | None = None) -> bool:
    chain = chain or _chains[Article]
    return user.has_perm(chain.perm("news.review_article")) or user.has_perm(chain.perm("news.sign_off_article"))


def is_own_work(article: Article, user) -> bool:
    """Whether `user` wrote or last edited the piece, which bars them from signing it off."""
    if user.pk is None:
        return False
    if article.created_by_id == user.pk or article.last_edited_by_id == user.pk:
        return True
    if not chain_for(article).credits:
        return False
    return article.credits.filter(role=Credit.Role.AUTHOR, user_id=user.pk).exists()


def check(article: Article, action_name: str, user) -> None:
    """Raise `WorkflowError` with the reason if `user` may not take `action_name` on `article` now."""
    if action_name not in ACTIONS:
        raise InvalidTransition(_("未知的操作。"))
    chain = chain_for(article)
    action = chain.action(action_name)
    if not user.is_authenticated or not user.is_active:
        raise NotPermitted(_("请先登录。"))
    allowed = _may_reject(user, chain) if action_name == "reject" else user.has_perm(action.permission)
    if not allowed:
        raise NotPermitted(_("您没有“%(action)s”的权限。") % {"action": action.label})
    if article.deleted_at is not None:
        raise InvalidTransition(_("稿件在回收站中，请先恢复。"))
    if article.status not in action.sources:
        raise InvalidTransition(
            _("稿件当前为“%(status)s”，不能“%(action)s”。")
            % {"status": article.get_status_display(), "action": action.label}
        )
    if action_name == "sign_off" and is_own_work(article, user):
        raise NotPermitted(_("不能签发自己撰写或最后编辑的稿件。"))


def available_actions(article: Article, user) -> list[Action]:
    """The actions `user` may take on `article` now, for buttons."""
    result = []
    chain = chain_for(article)
    for name in ACTIONS:
        try:
            check(article, name, user)
        except WorkflowError:
            continue
        result.append(chain.action(name))
    return result


def _add_credit(article: Article, role: str, user) -> None:
    if not article.credits.filter(role=role).exists():
        Credit.objects.create(article=article, role=role, user=user, order=len(Credit.Role.values))


def _move(
    article: Article,
    action_name: str,
    user,
    *,
    comment: str = "",
    expected_status: str | None = None,
    published_at: datetime | None = None,
) -> Transition:
    action = ACTIONS[action_name]
    chain = chain_for(article)
    model = chain.model._default_manager
    comment = (comment or "").strip()
    if action.needs_comment and not comment:
        raise InvalidTransition(_("“%(action)s”必须填写意见。") % {"action": action.label})
    with transaction.atomic():
        locked = model.select_for_update().get(pk=article.pk)
        if expected_status is not None and locked.status != expected_status:
            raise StaleState(
                _("稿件已被他人处理，当前状态为“%(status)s”，请刷新后再试。") % {"status": locked.get_status_display()}
            )
        check(locked, action_name, user)
        from_status, level = locked.status, locked.review_level
        updates: dict = {}
        if action_name == "submit":
            level = 0
            updates["status"] = Status.REVIEW if review_levels() > 0 else Status.SIGNOFF
            if chain.credits:
                _add_credit(locked, Credit.Role.EDITOR, user)
        elif action_name == "approve":
            level = locked.review_level + 1
            if level >= review_levels():
                updates["status"] = Status.SIGNOFF
                if chain.credits:
                    _add_credit(locked, Credit.Role.SUBMITTED_BY, user)
            else:
                updates["status"] = Status.REVIEW
        elif action_name == "reject":
            level = 0
            updates["status"] = Status.DRAFT
        elif action_name == "sign_off":
            updates["status"] = Status.PUBLISHED
            updates["published_at"] = published_at or locked.published_at or timezone.now()
            if chain.credits:
                _add_credit(locked, Credit.Role.SIGNED_OFF_BY, user)
        elif action_name == "withdraw":
            updates["status"] = Status.WITHDRAWN
        elif action_name == "archive":
            updates["status"] = Status.ARCHIVED
        elif action_name == "reopen":
            level = 0
            updates["status"] = Status.DRAFT
        updates["review_level"] = level
        # A conditional update: if another process changed the row despite the lock (SQLite has no row
        # locks, only the write lock its IMMEDIATE transactions take), nothing is written.
        changed = model.filter(pk=locked.pk, status=from_status, version=locked.version).update(
            version=F("version") + 1, updated_at=timezone.now(), **updates
        )
        if changed != 1:
            raise StaleState(_("稿件已被他人处理，请刷新后再试。"))
        record = chain.log(
            locked,
            action=action_name,
            from_status=from_status,
            to_status=updates["status"],
            review_level=level,
            actor=user,
            comment=comment,
        )
    article.refresh_from_db()
    _after_commit_hooks(article, action_name, record)
    return record


def on_transition(func):
    """Register `func(article, action_name, transition)` to run after a move commits (mail, cache, index)."""
    _hooks.append(func)
    return func


def _after_commit_hooks(article: Article, action_name: str, record: Transition) -> None:
    for hook in list(chain_for(article).hooks):
        transaction.on_commit(lambda hook=hook: hook(article, action_name, record))


def submit(article: Article, *, by, comment: str = "", expected_status: str | None = None) -> Transition:
    """送审: send a draft up for review."""
    return _move(article, "submit", by, comment=comment, expected_status=expected_status)


def approve(article: Article, *, by, comment: str = "", expected_status: str | None = None) -> Transition:
    """Pass one review level; the last level sends the piece for sign-off (送签)."""
    return _move(article, "approve", by, comment=comment, expected_status=expected_status)


def reject(article: Article, *, by, comment: str, expected_status: str | None = None) -> Transition:
    """退回: send the piece back to its editor with a required comment."""
    return _move(article, "reject", by, comment=comment, expected_status=expected_status)


def sign_off(
    article: Article,
    *,
    by,
    comment: str = "",
    published_at: datetime | None = None,
    expected_status: str | None = None,
) -> Transition:
    """签发: publish, now or at a future time (scheduled). Nobody signs off their own work."""
    return _move(article, "sign_off", by, comment=comment, published_at=published_at, expected_status=expected_status)


def withdraw(article: Article, *, by, comment: str, expected_status: str | None = None) -> Transition:
    """撤稿: take a published piece off the site, with the reason."""
    return _move(article, "withdraw", by, comment=comment, expected_status=expected_status)


def archive(article: Article, *, by, comment: str = "", expected_status: str | None = None) -> Transition:
    return _move(article, "archive", by, comment=comment, expected_status=expected_status)


def reopen(article: Article, *, by, comment: str = "", expected_status: str | None = None) -> Transition:
    """Bring a withdrawn or archived piece back to draft so it can go through the chain again."""
    return _move(article, "reopen", by, comment=comment, expected_status=expected_status)


def run(action_name: str, article: Article, *, by, comment: str = "", **kwargs) -> Transition:
    """Dispatch by name, for buttons and bulk actions."""
    functions = {
        "submit": submit, "approve": approve, "reject": reject, "sign_off": sign_off,
        "withdraw": withdraw, "archive": archive, "reopen": reopen,
    }
    if action_name not in functions:
        raise InvalidTransition(_("未知的操作。"))
    return functions[action_name](article, by=by, comment=comment, **kwargs)


# Editing a published piece: a 签发 user may correct it in place (a typo, a caption); an edit by anyone else
# sends it back to review, so nothing reaches readers unsigned.
def edit_keeps_published(article: Article, user) -> bool:
    return user.has_perm(chain_for(article).perm("news.sign_off_article"))


def record_edit(article: Article, *, by) -> Transition | None:
    """Called after an editor saved changes. Returns the transition when the edit sent the piece back."""
    chain = chain_for(article)
    if article.status != Status.PUBLISHED or edit_keeps_published(article, by):
        if article.status == Status.PUBLISHED:
            return chain.log(
                article, action="correct", from_status=Status.PUBLISHED, to_status=Status.PUBLISHED,
                actor=by, comment=_("签发人直接修改已发布稿件"),
            )
        return None
    with transaction.atomic():
        chain.model._default_manager.filter(pk=article.pk).update(
            status=Status.REVIEW, review_level=0, version=F("version") + 1
        )
        record = chain.log(
            article, action="edit_published", from_status=Status.PUBLISHED, to_status=Status.REVIEW,
            actor=by, comment=_("已发布稿件被修改，重新送审"),
        )
    article.refresh_from_db()
    _after_commit_hooks(article, "edit_published", record)
    return record


def queue_for(user, model: type[models.Model] = Article) -> QuerySet[Article]:
    """稿件待办: what waits for this user's action (articles, or another registered model)."""
    chain = chain_for(model)
    conditions = Q(pk__in=[])
    if user.has_perm(chain.perm("news.submit_article")):
        conditions |= Q(status=Status.DRAFT) & (Q(created_by=user) | Q(last_edited_by=user))
    if user.has_perm(chain.perm("news.review_article")):
        conditions |= Q(status=Status.REVIEW)
    if user.has_perm(chain.perm("news.sign_off_article")):
        conditions |= Q(status=Status.SIGNOFF) & ~Q(created_by=user) & ~Q(last_edited_by=user)
    return chain.model._default_manager.filter(deleted_at__isnull=True).filter(conditions)


def move_to_trash(article: Article, *, by) -> None:
    """Deleting moves a piece to the trash; it leaves the public site at once and can be restored."""
    chain = chain_for(article)
    with transaction.atomic():
        chain.model._default_manager.filter(pk=article.pk).update(deleted_at=timezone.now(), deleted_by=by)
        chain.log(
            article, action="trash", from_status=article.status, to_status=article.status, actor=by
        )
    article.refresh_from_db()
    _after_commit_hooks(article, "trash", None)


def restore_from_trash(article: Article, *, by) -> None:
    chain = chain_for(article)
    with transaction.atomic():
        chain.model._default_manager.filter(pk=article.pk).update(deleted_at=None, deleted_by=None)
        chain.log(
            article, action="restore", from_status=article.status, to_status=article.status, actor=by
        )
    article.refresh_from_db()
    _after_commit_hooks(article, "restore", None)
