import { useState, type MouseEvent } from "react";
import { NavLink, Outlet, useNavigation } from "react-router";
import { useSession, useSessionApi } from "../api/session";
import { applyTheme, initialTheme, type Theme } from "./theme";
import { nav } from "./routes";
import logo from "../assets/favicon.svg";

/**
 * The skip link moves the focus to the page's content itself: followed as a link, `#main` would be a route of the
 * hash router (a page that does not exist), not a place in this one.
 */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  document.getElementById("main")?.focus();
}

export function Layout() {
  const session = useSession();
  const { logout } = useSessionApi();
  const navigation = useNavigation();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const toggleTheme = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next);
    setTheme(next);
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Lampblack dashboard">
          <img src={logo} alt="" width={22} height={22} />
          <span>Lampblack</span>
        </NavLink>
        <div className="topbar-right">
          <button type="button" className="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
            {theme === "dark" ? "Light" : "Dark"}
          </button>
          <NavLink to="/account" className="user" title="Your account and API token">
            {session.username}
          </NavLink>
          <button type="button" className="ghost" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {nav
            .filter((item) => !item.adminOnly || session.global_admin)
            .map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"}>
                  {item.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1} aria-busy={navigation.state === "loading"}>
        <Outlet />
      </main>
    </div>
  );
}
