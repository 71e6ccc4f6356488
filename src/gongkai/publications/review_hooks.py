"""What the review chain asks publications before a step may approve."""

from __future__ import annotations

from gongkai.core.models import ReviewRound

from .choices import PiiStatus


def sign_off_blockers(item, review_round: ReviewRound) -> list[str]:
    """The sign-off (last step) is refused while any personal-data hit is neither masked nor accepted."""
    if not review_round.is_last_step:
        return []
    open_hits = item.pii_hits.filter(status=PiiStatus.OPEN).count()
    if open_hits:
        return [f"检出 {open_hits} 处个人信息尚未处理（遮盖，或说明理由后接受），不能签发"]
    return []
