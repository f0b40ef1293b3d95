"""Every published list segraph reads, by the name ``segraph import`` takes."""

from __future__ import annotations

from segraph.importers.base import ListLayout
from segraph.importers.self_sufficiency_enterprises import SelfSufficiencyEnterprises
from segraph.importers.social_cooperatives import SocialCooperatives
from segraph.importers.social_enterprises import SocialEnterprises
from segraph.importers.village_enterprises import VillageEnterprises

LAYOUTS: dict[str, ListLayout] = {
    layout.kind: layout
    for layout in (
        SocialEnterprises(),
        VillageEnterprises(),
        SelfSufficiencyEnterprises(),
        SocialCooperatives(),
    )
}
