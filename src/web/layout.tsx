// The page frame every page shares. Text goes through JSX, which escapes it: names from imported
// files are shown as text, never as markup.
import type { Child } from "hono/jsx";
import { STYLES } from "./styles.js";

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

export function Layout(props: { title: string; crumbs?: readonly Crumb[]; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — Paddock`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <header class="site">
          <a href="/">Paddock</a>
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
