//! The colour theme: follow the system (`prefers-color-scheme`) or force light or dark. The
//! choice is kept in `localStorage` under [`STORAGE_KEY`] and shown as `data-theme` on `<html>`,
//! which the style sheet's custom properties key on (web/boot.js applies it before the app
//! starts, so a forced theme does not flash the system one first).

/// The `localStorage` key of the choice.
pub const STORAGE_KEY: &str = "muster.theme";

/// The attribute on `<html>` that forces a theme; absent means "follow the system".
pub const ATTRIBUTE: &str = "data-theme";

/// Which theme the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The choices, in the order the toggle shows them.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored value and the radio button's value.
    pub fn value(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// The stored choice; anything unknown (or nothing) follows the system.
    pub fn parse(stored: Option<&str>) -> Self {
        Self::ALL
            .into_iter()
            .find(|t| stored.is_some_and(|s| s.trim().eq_ignore_ascii_case(t.value())))
            .unwrap_or_default()
    }

    /// The `data-theme` value to set, or `None` to remove the attribute.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light | Theme::Dark => Some(self.value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_round_trip() {
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(Some(theme.value())), theme);
        }
        assert_eq!(Theme::parse(Some(" Dark ")), Theme::Dark);
    }

    #[test]
    fn unknown_or_missing_values_follow_the_system() {
        assert_eq!(Theme::parse(None), Theme::System);
        assert_eq!(Theme::parse(Some("")), Theme::System);
        assert_eq!(Theme::parse(Some("sepia")), Theme::System);
    }

    #[test]
    fn only_a_forced_theme_sets_the_attribute() {
        assert_eq!(Theme::System.attribute(), None);
        assert_eq!(Theme::Light.attribute(), Some("light"));
        assert_eq!(Theme::Dark.attribute(), Some("dark"));
    }
}
