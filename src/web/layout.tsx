// The page frame every page shares. Text goes through JSX, which escapes it: names from imported
// files are shown as text, never as markup.
import type { Child } from "hono/jsx";
import { STYLES } from "./styles.js";

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** `signedIn`: the page says who is logged in itself, so the header has no "Log in" link. */
export function Layout(props: {
  title: string;
  crumbs?: readonly Crumb[];
  signedIn?: boolean;
  children?: Child;
}) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Paddock`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <header class="site">
          <a href="/">Paddock</a>
          {/* The same for everyone (public pages are cached whole): organisers log in here. */}
          {props.signedIn ? null : (
            <a href="/login" class="login">
              Log in
            </a>
          )}
        </header>
        {props.crumbs && props.crumbs.length > 0 ? (
          <nav class="crumbs" aria-label="Breadcrumb">
            {props.crumbs.map((c, i) => (
              <>
                {i > 0 ? " › " : ""}
                {c.href ? (
                  <a href={c.href}>{c.label}</a>
                ) : (
                  <span aria-current="page">{c.label}</span>
                )}
              </>
            ))}
          </nav>
        ) : null}
        <main>{props.children}</main>
      </body>
    </html>
  );
}
