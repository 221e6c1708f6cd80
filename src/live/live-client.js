/* global document, EventSource, setTimeout */
// Paddock's live pages in the browser (served as /live.js): each element with data-live-src
// follows that event stream and redraws itself on every update. Names are written with
// textContent, never as markup. No framework; the browser's EventSource reconnects by itself
// and sends Last-Event-ID, so nothing is missed. Works under the site's CSP (a same-origin file).
(function () {
  "use strict";

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function lapTime(ms) {
    if (ms === null || ms === undefined) return "";
    const m = Math.floor(ms / 60000);
    const s = ((ms % 60000) / 1000).toFixed(3);
    return m > 0 ? m + ":" + s.padStart(6, "0") : s;
  }

  function gapText(gap) {
    if (!gap) return "";
    if ("laps" in gap) return "+" + gap.laps + " lap" + (gap.laps === 1 ? "" : "s");
    return gap.ms === 0 ? "" : "+" + (gap.ms / 1000).toFixed(3);
  }

  function movement(s) {
    if (s.positionBefore === null || s.positionBefore === undefined) return "new";
    const d = s.positionBefore - s.position;
    return d > 0 ? "▲" + d : d < 0 ? "▼" + -d : "=";
  }

  function json(root, name, fallback) {
    try {
      return JSON.parse(root.getAttribute(name) || "") || fallback;
    } catch {
      return fallback;
    }
  }

  function row(cells, classes) {
    const tr = el("tr");
    cells.forEach(function (c, i) {
      tr.appendChild(el("td", c, classes && classes[i]));
    });
    return tr;
  }

  function table(headings, rows) {
    const t = el("table");
    if (headings) {
      const tr = el("tr");
      headings.forEach(function (h, i) {
        const th = el("th", h, i === 6 ? "live-hide-narrow" : "");
        th.scope = "col";
        tr.appendChild(th);
      });
      t.appendChild(el("thead")).appendChild(tr);
    }
    const body = t.appendChild(el("tbody"));
    rows.forEach(function (r) {
      body.appendChild(r);
    });
    return t;
  }

  function carsByClass(update, order) {
    const by = new Map();
    update.cars.forEach(function (c) {
      const k = c.classId || "";
      if (!by.has(k)) by.set(k, []);
      by.get(k).push(c);
    });
    const rank = function (k) {
      const i = order.indexOf(k);
      return i < 0 ? 99 : i;
    };
    return Array.from(by.entries())
      .sort(function (a, b) {
        return rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]);
      })
      .map(function (e) {
        return [
          e[0],
          e[1].slice().sort(function (x, y) {
            return x.classPosition - y.classPosition;
          }),
        ];
      });
  }

  function standingsTables(update, top, classId) {
    const tables = new Map();
    update.standings.forEach(function (s) {
      const k = s.championshipId + "|" + (s.classId || "");
      if (classId && s.classId && s.classId !== classId) return;
      if (!tables.has(k))
        tables.set(k, { championshipId: s.championshipId, classId: s.classId || null, rows: [] });
      tables.get(k).rows.push(s);
    });
    return Array.from(tables.values()).map(function (t) {
      t.rows.sort(function (a, b) {
        return a.position - b.position;
      });
      t.rows = t.rows.slice(0, top);
      return t;
    });
  }

  function standingsSection(t, names) {
    const s = el("section");
    s.appendChild(
      el(
        "h2",
        (names[t.championshipId] || t.championshipId) + (t.classId ? " — " + t.classId : ""),
      ),
    );
    s.appendChild(
      table(
        null,
        t.rows.map(function (r) {
          const m = movement(r);
          const mc = m.charAt(0) === "▲" ? "live-up" : m.charAt(0) === "▼" ? "live-down" : "";
          return row([r.position, m, r.name, r.points], ["", mc, "live-name", ""]);
        }),
      ),
    );
    return s;
  }

  function orderSection(classId, cars, limit) {
    const s = el("section");
    s.appendChild(el("h2", classId || "No class"));
    s.appendChild(
      table(
        ["Pos", "Car", "Driver", "Laps", "Gap", "Last lap", "Pit"],
        cars.slice(0, limit).map(function (c) {
          return row(
            [
              c.classPosition,
              "#" + c.number,
              c.driver || c.team || "",
              c.laps,
              gapText(c.classGap),
              lapTime(c.lastLapMs),
              c.pitStops,
            ],
            ["", "", "live-name", "", "", "", "live-hide-narrow"],
          );
        }),
      ),
    );
    return s;
  }

  function part(root, name) {
    return root.querySelector('[data-live="' + name + '"]');
  }

  // The broadcaster's board: lap, running order per class, provisional top 5 per table.
  function drawBoard(root, u) {
    const names = json(root, "data-live-names", {});
    const classes = json(root, "data-live-classes", []);
    part(root, "lap").textContent = "Lap " + u.leaderLaps;
    part(root, "state").textContent = "update " + u.seq;
    const grid = el("div", null, "live-grid");
    const order = grid.appendChild(el("div", null, "live-order"));
    order.setAttribute("data-live", "order");
    carsByClass(u, classes).forEach(function (e) {
      order.appendChild(orderSection(e[0], e[1], Infinity));
    });
    const standings = grid.appendChild(el("div"));
    standings.setAttribute("data-live", "standings");
    standingsTables(u, 5).forEach(function (t) {
      standings.appendChild(standingsSection(t, names));
    });
    part(root, "body").replaceChildren(grid);
  }

  function bannerHead(root, u, text) {
    const season = root.getAttribute("data-live-season") || u.seasonId;
    const p = el("p");
    p.appendChild(el("span", "PROVISIONAL", "live-provisional"));
    p.appendChild(document.createTextNode(" " + text + " — lap " + u.leaderLaps + " · "));
    const a = el("a", "live board");
    a.href = "/seasons/" + encodeURIComponent(season) + "/rounds/" + u.round + "/live";
    p.appendChild(a);
    return p;
  }

  // The round page's banner: the top 3 of each class as the race stands.
  function drawRound(root, u) {
    const parts = [bannerHead(root, u, "Live: round " + u.round)];
    carsByClass(u, []).forEach(function (e) {
      parts.push(orderSection(e[0], e[1], 3));
    });
    root.replaceChildren.apply(root, parts);
    root.hidden = false;
  }

  // The standings page's banner: the provisional tables of the page's class, of the round that
  // updated last.
  function drawSeason(root, u) {
    const names = json(root, "data-live-names", {});
    const classId = root.getAttribute("data-live-class") || "";
    const parts = [bannerHead(root, u, "Live: standings if round " + u.round + " ended now")];
    standingsTables(u, 5, classId).forEach(function (t) {
      parts.push(standingsSection(t, names));
    });
    root.replaceChildren.apply(root, parts);
    root.hidden = false;
  }

  const DRAW = { board: drawBoard, round: drawRound, season: drawSeason };

  // A stream that ends for good (204: nothing live yet, with ?ifLive=1) is asked again a minute
  // later, so a page opened before the start goes live when the race does.
  const RETRY_MS = 60000;

  function follow(root) {
    const draw = DRAW[root.getAttribute("data-live-view")];
    const src = root.getAttribute("data-live-src");
    if (!draw || !src || typeof EventSource === "undefined") return;
    const source = new EventSource(src);
    const state = part(root, "state");
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED)
        setTimeout(function () {
          follow(root);
        }, RETRY_MS);
    });
    source.addEventListener("update", function (event) {
      const update = JSON.parse(event.data);
      draw(root, update);
      root.setAttribute("data-live-seq", String(update.seq));
      root.setAttribute("data-live-round", String(update.round));
    });
    // The round's live data ended (the race is over, or its feed was withdrawn): banners hide
    // (the season's only when it shows that round); the board says so. The stream stays open
    // for the next race.
    source.addEventListener("ended", function (event) {
      const ended = JSON.parse(event.data);
      if (root.getAttribute("data-live-round") !== String(ended.round)) return;
      root.removeAttribute("data-live-seq");
      root.removeAttribute("data-live-round");
      if (root.getAttribute("data-live-view") === "board") {
        if (state) state.textContent = "ended";
        part(root, "body").replaceChildren(
          el("p", "Live timing has ended. The results will follow on the round's page."),
        );
      } else {
        root.hidden = true;
        root.replaceChildren();
      }
    });
    source.addEventListener("error", function () {
      if (state)
        state.textContent = source.readyState === EventSource.CLOSED ? "ended" : "reconnecting…";
    });
  }

  document.querySelectorAll("[data-live-src]").forEach(follow);
})();
