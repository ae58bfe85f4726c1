//! The app's views and their URL hashes (`#/register-instance`, `#/registry`, `#/container-instance`,
//! `#/cluster`, `#/placement`), so a reload or a shared link opens the same view. A new view is one more variant
//! here; the nav lists [`View::ALL`].

/// One top-level view of the app; each is a variant here, an entry in [`View::ALL`] and a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// The RegisterInstance request builder.
    #[default]
    RegisterInstance,
    /// The service, its registered instances, and the simulated DNS and DiscoverInstances.
    Registry,
    /// The ECS RegisterContainerInstance builder, with agent presets and a response preview.
    ContainerInstance,
    /// The simulated ECS cluster: its container instances, tasks, services and the calls on them.
    Cluster,
    /// Where ECS would place a service's tasks, why, and what Cloud Map and DNS then show.
    Placement,
}

impl View {
    /// Every view, in nav order.
    pub const ALL: [View; 5] = [
        View::RegisterInstance,
        View::Registry,
        View::ContainerInstance,
        View::Cluster,
        View::Placement,
    ];

    /// The path segment after `#/`.
    pub fn slug(self) -> &'static str {
        match self {
            View::RegisterInstance => "register-instance",
            View::Registry => "registry",
            View::ContainerInstance => "container-instance",
            View::Cluster => "cluster",
            View::Placement => "placement",
        }
    }

    /// The tab label.
    pub fn label(self) -> &'static str {
        match self {
            View::RegisterInstance => "RegisterInstance",
            View::Registry => "Registry & DNS",
            View::ContainerInstance => "Container instance",
            View::Cluster => "Cluster",
            View::Placement => "Placement",
        }
    }

    /// The `href` of the view's tab.
    pub fn hash(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The document title while the view is shown.
    pub fn title(self) -> &'static str {
        match self {
            View::RegisterInstance => "muster · RegisterInstance builder",
            View::Registry => "muster · Registry & DNS",
            View::ContainerInstance => "muster · RegisterContainerInstance builder",
            View::Cluster => "muster · ECS cluster",
            View::Placement => "muster · ECS task placement",
        }
    }

    /// The view a location hash names, or `None` for an empty hash or an in-page anchor
    /// (`#diagnostics-heading`), which leave the current view alone.
    pub fn from_hash(hash: &str) -> Option<Self> {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let slug = path.strip_prefix('/')?;
        let slug = slug.split(['?', '/']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|v| v.slug().eq_ignore_ascii_case(slug))
    }

    /// The view after a hash change: the named one; the default for an empty hash (back to the
    /// bare URL); else the current one (an in-page anchor).
    #[must_use]
    pub fn follow(self, hash: &str) -> Self {
        if hash.is_empty() || hash == "#" {
            return Self::default();
        }
        Self::from_hash(hash).unwrap_or(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_round_trips_through_its_hash() {
        for view in View::ALL {
            assert_eq!(View::from_hash(&view.hash()), Some(view));
            assert!(view.hash().starts_with("#/"));
            assert!(view.title().starts_with("muster · "));
        }
    }

    #[test]
    fn hashes_are_read_leniently() {
        assert_eq!(View::from_hash("#/registry/"), Some(View::Registry));
        assert_eq!(View::from_hash("#/Registry"), Some(View::Registry));
        assert_eq!(View::from_hash("/registry"), Some(View::Registry));
        assert_eq!(View::from_hash("#/registry?x=1"), Some(View::Registry));
        assert_eq!(View::from_hash(""), None);
        assert_eq!(View::from_hash("#"), None);
        assert_eq!(View::from_hash("#/nope"), None);
        assert_eq!(
            View::from_hash("#/container-instance"),
            Some(View::ContainerInstance)
        );
        assert_eq!(View::from_hash("#/cluster/"), Some(View::Cluster));
        assert_eq!(View::from_hash("#/placement"), Some(View::Placement));
        // A slug is matched whole: `cluster` is not a prefix match of `container-instance`.
        assert_eq!(View::from_hash("#/container"), None);
    }

    #[test]
    fn in_page_anchors_keep_the_current_view() {
        assert_eq!(
            View::Registry.follow("#diagnostics-heading"),
            View::Registry
        );
        assert_eq!(View::Registry.follow(""), View::RegisterInstance);
        assert_eq!(
            View::Registry.follow("#/register-instance"),
            View::RegisterInstance
        );
        assert_eq!(View::default(), View::RegisterInstance);
    }
}
