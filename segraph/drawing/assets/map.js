// segraph map: the page's controls (search, filters, legend, language, physics, highlight,
// labels, details panel, exports, the view in the URL hash).
// Every string from the data reaches the page as text (textContent, canvas labels) except the
// tooltips of programs and communities, which segraph writes as HTML with every data string
// escaped.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("segraph-data").textContent);
  const TEXT = {
    ko: {
      search: "이름으로 찾기 (한글·영문 일부)", allDistricts: "모든 자치구",
      allKinds: "모든 조직 유형", allPrograms: "모든 사업", physics: "물리 시뮬레이션",
      reset: "처음으로", otherLang: "English", colour: "색", size: "크기",
      shapes: "모양", organisation: "조직", program: "사업", edges: "연결",
      shown: (n, m, e) => `노드 ${n}/${m}개 · 연결 ${e}개 표시`,
      noMatch: "찾는 이름이 없습니다",
      toggleGroup: "눌러서 이 무리를 숨기거나 보이기",
      help: "노드를 누르면 자세한 정보와 이웃이 보입니다. 빈 곳을 누르면 돌아옵니다.",
      communityHelp: "공동체를 누르면 구성원과 그 연결이 보입니다. 이름을 찾으면 그 조직의 공동체가 열립니다.",
      back: "← 공동체 전체", overview: (c, o) => `공동체 ${c}개 · 조직 ${o}개`,
      inCommunity: (name) => `공동체 ${name}`, filtersInside: "필터는 공동체를 연 뒤에 쓸 수 있습니다",
      kind: "종류", district: "자치구", programs: "사업", measures: "지표", ties: "관계",
      shared: "함께한 사업", members: "구성원 수", summedTies: "공동체 사이의 연결 (굵기: 연결 수)",
      legal: "법인격", designations: "지정", community: "공동체", neighbours: "이웃",
      clickForDetails: "누르면 자세히", close: "닫기", hideIsolates: "연결 없는 조직 숨기기",
      visible: "보이는 조직", sortSize: "크기순", sortName: "이름순", more: (n) => `… 외 ${n}개`,
      png: "그림 (PNG)", csvNodes: "조직 (CSV)", csvEdges: "연결 (CSV)", exportTitle: "내보내기",
      loading: "지도를 여는 중…", ego: "중심 조직 (--ego)", participants: "참여 조직",
      panel: "정보 창", network: "협력망 지도", sizeKey: (v) => `값 ${v}`,
      filterDistrict: "자치구로 거르기", filterKind: "조직 유형으로 거르기", filterProgram: "사업으로 거르기",
      thinned: (drawn, all) => `화면의 연결 ${all}개 중 강한 ${drawn}개만 그렸습니다. 확대하면 더 보입니다.`,
    },
    en: {
      search: "Find by name (Korean or English)", allDistricts: "All districts",
      allKinds: "All kinds", allPrograms: "All programs", physics: "Physics",
      reset: "Reset", otherLang: "한국어", colour: "Colour", size: "Size",
      shapes: "Shapes", organisation: "organisation", program: "program", edges: "Edges",
      shown: (n, m, e) => `${n} of ${m} nodes shown, ${e} edges`,
      noMatch: "No such name",
      toggleGroup: "Click to hide or show this group",
      help: "Click a node for its details and neighbours; click the background to go back.",
      communityHelp: "Click a community to see its members and their ties. Searching a name opens its organisation's community.",
      back: "← All communities", overview: (c, o) => `${c} communities · ${o} organisations`,
      inCommunity: (name) => `Community ${name}`, filtersInside: "Filters apply once a community is open",
      kind: "kind", district: "district", programs: "programs", measures: "measures", ties: "ties",
      shared: "shared programs", members: "number of members",
      summedTies: "ties between communities (width: number of ties)",
      legal: "legal form", designations: "designations", community: "community",
      neighbours: "neighbours", clickForDetails: "click for details", close: "Close",
      hideIsolates: "Hide organisations with no tie", visible: "Organisations shown",
      sortSize: "by size", sortName: "by name", more: (n) => `… and ${n} more`,
      png: "Image (PNG)", csvNodes: "Organisations (CSV)", csvEdges: "Ties (CSV)",
      exportTitle: "Export", loading: "Opening the map…", ego: "centre organisation (--ego)",
      participants: "organisations taking part", panel: "Panel", network: "Collaboration map",
      sizeKey: (v) => `value ${v}`, filterDistrict: "Filter by district", filterKind: "Filter by kind",
      filterProgram: "Filter by program",
      thinned: (drawn, all) => `${drawn} strongest of the ${all} ties on screen drawn; zoom in for more.`,
    },
  };
  const MAX_EDGE_TOOLTIPS = 20000;
  const LABEL_PX = 13; // labels are drawn at this CSS pixel size whatever the zoom
  const ALWAYS_LABELLED = 20; // the most central nodes shown are always labelled
  const MAX_LABELS = 150;
  const LIST_LENGTH = 100;
  const BIG = 1500; // above this many nodes: no animations, no edge tooltips while moving
  const VEIL = "rgba(255,255,255,0.78)";
  const LABEL_COLOUR = "#1F2933";
  const FONT = '"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif';
  const FILTER_PARAMS = [["district", "filter-district"], ["kind", "filter-kind"], ["program", "filter-program"]];
  const FILTERS = FILTER_PARAMS.map(([, id]) => id);

  let lang = data.lang === "en" ? "en" : "ko";
  let highlighted = null;
  let opened = null; // the community whose members are shown (community level), or null
  let applying = false; // true while the view is set from the URL hash
  let sortBy = "size";
  const hiddenGroups = new Set(); // colour groups switched off in the legend
  const $ = (id) => document.getElementById(id);
  const t = () => TEXT[lang];
  const norm = (s) => (s || "").normalize("NFC").toLowerCase().replace(/\s+/g, "");
  const label = (n) => (lang === "en" ? n.label_en || n.label_ko : n.label_ko);
  const otherLabel = (n) => (lang === "en" ? n.label_ko : n.label_en);
  const named = (item) => (lang === "en" ? item.en : item.ko);
  const both = (ko, en) => (!en || en === ko ? ko : `${ko} · ${en}`);
  const pair = (names) => (names ? names[lang === "en" ? 1 : 0] : "");
  const term = (scheme, code) => pair((data.terms[scheme] || {})[code]) || code;
  const legendColour = new Map(data.legend.map((entry) => [entry.key, entry.colour]));
  const districtNames = new Map(data.filters.districts.map((d) => [d.value, d]));
  // the value of the measure that sizes a node (members for a community)
  const sizeValue = (n) => (n.nodeType === "community" ? n.members : n.measures && n.measures.length ? n.measures[0] : n.size);
  const number = (v) => (Number.isInteger(v) ? String(v) : Number(v).toPrecision(4).replace(/\.?0+$/, ""));

  function element(tag, cls, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function htmlTip(html) {
    const el = document.createElement("div");
    el.innerHTML = html; // segraph escaped every data string in it
    return el;
  }

  // --- records: one shape for both forms of the page data --------------------------------------
  function programClosure(indexes) {
    const found = new Set();
    for (let i of indexes) {
      while (i >= 0 && !found.has(i)) { found.add(i); i = data.programs[i][3]; }
    }
    return [...found].map((i) => data.programs[i][0]);
  }

  function nodeRecord(n) {
    return Object.assign(n, {
      baseColour: n.color, programSet: new Set(n.programs),
      key: norm(n.label_ko) + "\u0000" + norm(n.label_en), html: n.title,
    });
  }

  function tieList(text) {
    return (text || "").split(";").filter(Boolean).map((tie) => {
      const mark = tie.slice(-1);
      const directed = mark === ">" || mark === "<";
      return { type: directed ? tie.slice(0, -1) : tie, dir: directed ? mark : "" };
    });
  }

  function edgeRecord(e) {
    const ties = tieList(e.ties);
    return Object.assign(e, {
      baseColour: e.color, tieList: ties, html: e.title, title: undefined,
      arrows: { to: { enabled: ties.some((x) => x.dir === ">"), scaleFactor: 0.7 },
        from: { enabled: ties.some((x) => x.dir === "<"), scaleFactor: 0.7 } },
    });
  }

  function compactRecords(key) {
    const community = data.drill.communities[key];
    const ids = community.members.map((m) => data.drill.prefix + m[0]);
    const members = community.members.map((m, i) => nodeRecord({
      id: ids[i], label_ko: m[1], label_en: m[2], kind: m[3], district: m[4], colourGroup: m[5],
      color: legendColour.get(m[5]), size: m[6], x: m[7], y: m[8], shape: "dot",
      nodeType: "organisation", taken: m[9], measures: m[10], legal: m[11], designations: m[12],
      programs: programClosure(m[9].map((x) => x[0])), community: key,
    }));
    const ties = community.edges.map((e, i) => {
      const [colour, dashes] = data.drill.styles[e[3]];
      return edgeRecord({ id: `m${i}`, from: ids[e[0]], to: ids[e[1]], width: e[2], color: colour,
        dashes, shared: e[4], ties: e[5], programIndexes: null });
    });
    return [members, ties];
  }

  let topNodes = data.nodes.map((n) => nodeRecord(Object.assign({}, n)));
  let topEdges = data.edges.map((e) => edgeRecord(Object.assign({}, e)));
  if (data.drill && data.level === "organisation") [topNodes, topEdges] = compactRecords("all");
  let nodeRecords = topNodes;
  let edgeRecords = topEdges;
  let byId = new Map();
  let incident = new Map(); // node id → its edge records
  let ranked = []; // node records, most central first

  // --- tooltips ----------------------------------------------------------------------------
  function tipElement(title, subtitle, rows, hint) {
    const el = element("div");
    el.append(element("div", "tip-title", title));
    if (subtitle && subtitle !== title) el.append(element("div", "tip-sub", subtitle));
    for (const [caption, text] of rows) {
      if (!text) continue;
      const row = element("div", "tip-row");
      row.append(element("span", "tip-key", caption + " "), text);
      el.append(row);
    }
    if (hint) el.append(element("div", "tip-sub", hint));
    return el;
  }

  function districtName(code) {
    const d = districtNames.get(code);
    return d ? named(d) : "—";
  }

  function nodeTip(n) {
    if (n.nodeType !== "organisation") return n.html ? htmlTip(n.html) : undefined;
    const size = n.measures && n.measures.length ? `${pair(data.measures[0])}: ${number(n.measures[0])}` : "";
    return tipElement(label(n), otherLabel(n), [
      [t().kind, n.kind ? term("kind", n.kind) : ""], [t().district, districtName(n.district)],
      [t().measures, size],
    ], t().clickForDetails);
  }

  function tieText(e, tie) {
    const name = term("tie", tie.type);
    const a = byId.get(e.from), b = byId.get(e.to);
    if (tie.dir === ">") return `${label(a)} → ${label(b)}: ${name}`;
    if (tie.dir === "<") return `${label(b)} → ${label(a)}: ${name}`;
    return name;
  }

  function edgeTip(e) {
    if (e.html) return htmlTip(e.html);
    const a = byId.get(e.from), b = byId.get(e.to);
    const programs = (e.programIndexes || []).map((i) => pair(data.programs[i].slice(1, 3)));
    const shared = e.shared ? `${e.shared}${programs.length ? ": " + programs.slice(0, 8).join(", ") : ""}` : "";
    return tipElement(`${label(a)} — ${label(b)}`, "", [
      [t().ties, e.tieList.map((tie) => tieText(e, tie)).join("; ")], [t().shared, shared],
    ]);
  }

  // --- the network ---------------------------------------------------------------------------
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const bigGraph = data.counts.nodes > BIG;
  const options = {
    nodes: { borderWidth: 1, font: { size: 0 } }, // labels: drawLabels below
    edges: { smooth: false, color: { inherit: false }, selectionWidth: 1.5 },
    physics: {
      enabled: data.physics,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, springLength: 140, avoidOverlap: 0.8 },
      stabilization: { enabled: data.physics, iterations: 400, fit: true },
    },
    interaction: { hover: !bigGraph, tooltipDelay: 150, hideEdgesOnDrag: bigGraph,
      hideEdgesOnZoom: bigGraph, keyboard: false },
    layout: { randomSeed: 7, improvedLayout: data.counts.nodes <= 300 },
  };
  let network = null; // made by the first show(), with its data (so physics stabilises it)
  // vis-network redraws once on the next frame however often this is called in one task
  const requestDraw = () => network.body.emitter.emit("_requestRedraw");

  function neighbours(id) {
    return (incident.get(id) || []).map((e) => (e.from === id ? e.to : e.from));
  }

  // --- isolated organisations: hidden, or in a block beside the connected ones --------------
  const isolatesApart = data.isolates === "apart" && !data.anchors.length;
  const isIsolate = (n) => n.nodeType === "organisation" && !(incident.get(n.id) || []).length;

  function placeIsolatesApart() {
    if (!isolatesApart) return;
    const alone = ranked.filter(isIsolate);
    if (!alone.length || alone.length === nodeRecords.length) return;
    const positions = network.getPositions(nodeRecords.filter((n) => !isIsolate(n)).map((n) => n.id));
    const xs = Object.values(positions).map((p) => p.x), ys = Object.values(positions).map((p) => p.y);
    const right = Math.max(...xs), top = Math.min(...ys), height = Math.max(...ys) - top;
    const gap = 2 * Math.max(...alone.map((n) => n.size)) + 14;
    const rows = Math.max(1, Math.min(alone.length, Math.floor(height / gap) || 1));
    nodes.update(alone.map((n, i) => ({
      id: n.id, x: right + 3 * gap + Math.floor(i / rows) * gap, y: top + (i % rows) * gap, physics: false,
    })));
  }

  // --- labels: the most central always, more where there is room ---------------------------
  let drawnLabels = [];
  const widths = new Map();

  function labelWidth(ctx, text) {
    let w = widths.get(text);
    if (w === undefined) { w = ctx.measureText(text).width; widths.set(text, w); }
    return w;
  }

  const overlaps = (a, placed) => placed.some((b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]);

  function labelCandidates() {
    if (highlighted !== null) { // the selected one and its most central neighbours, then the others
      const around = new Set(neighbours(highlighted));
      const others = ranked.filter((n) => around.has(n.id));
      return { forced: [byId.get(highlighted), ...others.slice(0, ALWAYS_LABELLED)], rest: others.slice(ALWAYS_LABELLED) };
    }
    const shown = ranked.filter((n) => !n.hidden);
    return { forced: shown.slice(0, ALWAYS_LABELLED), rest: shown.slice(ALWAYS_LABELLED) };
  }

  function drawLabels(ctx, toScreen, width, height) {
    ctx.font = `${LABEL_PX}px ${FONT}`;
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    const placed = [];
    drawnLabels = [];
    const { forced, rest } = labelCandidates();
    const tryPlace = (n, mustShow) => {
      const p = toScreen(n.id);
      if (!p || p.x < 0 || p.x > width || p.y < 0 || p.y > height) return;
      const text = label(n);
      const w = labelWidth(ctx, text), h = LABEL_PX * 1.3, r = p.r + 2;
      const offsets = [[-w / 2, r], [-w / 2, -r - h], [r + 2, -h / 2], [-r - 2 - w, -h / 2]];
      if (mustShow) { // further out, all round, until there is room
        for (let k = 1; k <= 10; k++) {
          const d = k * h;
          offsets.push([-w / 2, r + d], [-w / 2, -r - h - d], [r + 2 + d, -h / 2], [-r - 2 - w - d, -h / 2],
            [r + d, r + d], [-r - w - d, r + d], [r + d, -r - h - d], [-r - w - d, -r - h - d]);
        }
      }
      for (const [dx, dy] of offsets) {
        const box = [p.x + dx, p.y + dy, p.x + dx + w, p.y + dy + h];
        if (box[0] < 0 || box[2] > width || box[1] < 0 || box[3] > height) continue; // on screen
        if (overlaps(box, placed)) continue;
        placed.push(box);
        drawnLabels.push({ id: n.id, text, px: LABEL_PX, box });
        return;
      }
    };
    for (const n of forced) tryPlace(n, true);
    for (const n of rest) {
      if (drawnLabels.length >= MAX_LABELS) break;
      tryPlace(n, false);
    }
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 3;
    ctx.fillStyle = LABEL_COLOUR;
    for (const l of drawnLabels) {
      const y = (l.box[1] + l.box[3]) / 2;
      ctx.strokeText(l.text, l.box[0], y);
      ctx.fillText(l.text, l.box[0], y);
    }
  }

  function drawNeighbourhood(ctx, toScreen, scale, width, height) {
    ctx.fillStyle = VEIL;
    ctx.fillRect(0, 0, width, height);
    const centre = toScreen(highlighted);
    for (const e of incident.get(highlighted) || []) {
      const other = toScreen(e.from === highlighted ? e.to : e.from);
      const part = centre && other && clipped(centre.x, centre.y, other.x, other.y, [0, 0, width, height]);
      if (!part) continue;
      ctx.beginPath();
      ctx.setLineDash(Array.isArray(e.dashes) ? e.dashes.map((d) => d * scale) : []);
      ctx.strokeStyle = e.baseColour;
      ctx.lineWidth = Math.max(1, e.width * scale);
      ctx.moveTo(part[0], part[1]);
      ctx.lineTo(part[2], part[3]);
      ctx.stroke();
      const [here, there] = e.from === highlighted ? [centre, other] : [other, centre];
      const size = Math.max(6, ARROW * scale);
      ctx.beginPath();
      if (e.arrows.to.enabled) arrowHead(ctx, there, here, there.r, size);
      if (e.arrows.from.enabled) arrowHead(ctx, here, there, here.r, size);
      ctx.fillStyle = e.baseColour;
      ctx.fill();
    }
    ctx.setLineDash([]);
    for (const id of [highlighted, ...neighbours(highlighted)]) {
      const p = toScreen(id);
      if (!p) continue;
      const n = byId.get(id);
      ctx.beginPath();
      if (n.shape === "diamond") {
        ctx.moveTo(p.x, p.y - p.r); ctx.lineTo(p.x + p.r, p.y); ctx.lineTo(p.x, p.y + p.r); ctx.lineTo(p.x - p.r, p.y);
        ctx.closePath();
      } else ctx.arc(p.x, p.y, p.r, 0, 2 * Math.PI);
      ctx.fillStyle = n.baseColour;
      ctx.fill();
      ctx.lineWidth = id === highlighted ? 3 : 1;
      ctx.strokeStyle = id === highlighted ? LABEL_COLOUR : "#ffffff";
      ctx.stroke();
    }
  }

  function drawOverlay(ctx) {
    const scale = network.getScale();
    const frame = $("network");
    const width = frame.clientWidth, height = frame.clientHeight;
    const body = network.body.nodes;
    const toScreen = (id) => {
      const n = body[id];
      const record = byId.get(id);
      if (!n || !record || record.hidden) return null;
      const p = network.canvasToDOM({ x: n.x, y: n.y });
      return { x: p.x, y: p.y, r: n.options.size * scale };
    };
    ctx.save();
    const ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (highlighted !== null && byId.has(highlighted)) drawNeighbourhood(ctx, toScreen, scale, width, height);
    if (data.ego && byId.has(data.ego)) {
      const p = toScreen(data.ego);
      if (p) {
        ctx.beginPath();
        ctx.arc(p.x, p.y, p.r + 5, 0, 2 * Math.PI);
        ctx.lineWidth = 3;
        ctx.strokeStyle = LABEL_COLOUR;
        ctx.stroke();
      }
    }
    drawLabels(ctx, toScreen, width, height);
    ctx.restore();
  }

  // --- many nodes: the page draws nodes and ties itself, one canvas path per style ------------
  // vis-network strokes every tie and fills every node on its own, which takes seconds a frame
  // at 20,000 organisations; above BIG nodes it keeps only placement, hit-testing and the
  // camera (its nodes have a shape that draws nothing and it holds no ties).
  const DRAWS_NOTHING = () => ({ drawNode() {} });
  // one tooltip element for every node, filled when vis-network shows it (not 20,000 built ahead)
  const sharedTip = element("div", "shared-tip");
  function fillSharedTip(id) {
    const n = batched ? byId.get(id) : undefined;
    if (n) sharedTip.replaceChildren(...(n.hidden ? [] : [nodeTip(n)])); // empty: not shown (CSS)
  }
  const ARROW = 9; // arrow head length, canvas units
  // screen pixels of tie (length × width, plus TIE_COST for each) drawn in one frame at most,
  // strongest ties first: a zoomed-in view of a dense core crosses the screen with 100,000
  // ties, seconds to rasterise; the opening view of 20,000 organisations has 130,000 short ones
  const TIE_INK = 500000;
  const TIE_COST = 10;
  let batched = false; // true while the page draws the records shown itself
  let dotGroups = []; // [{colour, shape, records}]
  let tieGroups = []; // [{colour, width, dashes, records}]
  let strongest = []; // the edge records, widest (most shared programs) first
  let thinning = ""; // the note on ties left out of the last frame, or ""

  function groupBy(records, key, make) {
    const groups = new Map();
    for (const r of records) {
      const k = key(r);
      if (!groups.has(k)) groups.set(k, Object.assign(make(r), { records: [] }));
      groups.get(k).records.push(r);
    }
    return [...groups.values()];
  }

  function groupForDrawing() {
    dotGroups = groupBy(nodeRecords, (n) => `${n.baseColour}|${n.shape}`,
      (n) => ({ colour: n.baseColour, shape: n.shape }));
    tieGroups = groupBy(edgeRecords, (e) => `${e.baseColour}|${e.width}|${e.dashes}`,
      (e) => ({ colour: e.baseColour, width: e.width, dashes: Array.isArray(e.dashes) ? e.dashes : [] }));
    for (const group of tieGroups) for (const e of group.records) e.drawGroup = group;
    strongest = [...edgeRecords].sort((a, b) => b.width - a.width); // stable: data order within a width
  }

  function shownArea() { // the canvas rectangle on screen, in canvas units
    const frame = $("network");
    const a = network.DOMtoCanvas({ x: 0, y: 0 });
    const b = network.DOMtoCanvas({ x: frame.clientWidth, y: frame.clientHeight });
    return [a.x, a.y, b.x, b.y];
  }

  // the part of the segment a–b inside the rectangle [x0, y0, x1, y1] (Liang–Barsky), or null:
  // a dashed line is drawn dash by dash over its whole length, so lines far beyond the screen
  // (a zoomed-in view of 100,000 ties) must be cut to it first
  function clipped(ax, ay, bx, by, [x0, y0, x1, y1]) {
    const dx = bx - ax, dy = by - ay;
    let t0 = 0, t1 = 1;
    for (const [p, q] of [[-dx, ax - x0], [dx, x1 - ax], [-dy, ay - y0], [dy, y1 - ay]]) {
      if (p === 0) { if (q < 0) return null; continue; }
      const r = q / p;
      if (p < 0) { if (r > t1) return null; if (r > t0) t0 = r; } else { if (r < t0) return null; if (r < t1) t1 = r; }
    }
    return [ax + t0 * dx, ay + t0 * dy, ax + t1 * dx, ay + t1 * dy];
  }

  // a triangle pointing at ``tip`` from ``from``, ending ``back`` before it (a node's radius)
  function arrowHead(path, tip, from, back, size = ARROW) {
    const dx = tip.x - from.x, dy = tip.y - from.y, d = Math.hypot(dx, dy) || 1;
    const ux = dx / d, uy = dy / d;
    const x = tip.x - ux * back, y = tip.y - uy * back;
    path.moveTo(x, y);
    path.lineTo(x - ux * size - uy * size * 0.45, y - uy * size + ux * size * 0.45);
    path.lineTo(x - ux * size + uy * size * 0.45, y - uy * size - ux * size * 0.45);
    path.lineTo(x, y); // fill() closes it; closePath() on a long Path2D is slow
  }

  function drawTies(ctx, body, area) {
    const scale = network.getScale();
    const [x0, y0, x1, y1] = area;
    const onScreen = (p) => p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
    for (const group of tieGroups) { group.lines = new Path2D(); group.heads = new Path2D(); }
    let ink = 0, inView = 0, drawn = 0;
    for (const e of strongest) {
      if (e.hidden) continue;
      const a = body[e.from], b = body[e.to];
      const part = clipped(a.x, a.y, b.x, b.y, area);
      if (part === null) continue;
      inView += 1;
      if (ink > TIE_INK) continue;
      ink += TIE_COST + Math.hypot(part[2] - part[0], part[3] - part[1]) * scale * Math.max(1, e.width * scale);
      drawn += 1;
      const group = e.drawGroup;
      group.lines.moveTo(part[0], part[1]);
      group.lines.lineTo(part[2], part[3]);
      if (e.arrows.to.enabled && onScreen(b)) arrowHead(group.heads, b, a, b.options.size);
      if (e.arrows.from.enabled && onScreen(a)) arrowHead(group.heads, a, b, a.options.size);
    }
    for (const group of tieGroups) {
      ctx.setLineDash(group.dashes);
      ctx.lineWidth = group.width;
      ctx.strokeStyle = ctx.fillStyle = group.colour;
      ctx.stroke(group.lines);
      ctx.fill(group.heads);
    }
    ctx.setLineDash([]);
    showThinning(drawn < inView ? t().thinned(drawn, inView) : "");
  }

  function showThinning(text) {
    if (text === thinning) return;
    thinning = text;
    $("thinned").textContent = text;
    $("thinned").hidden = !text;
  }

  function drawDots(ctx, body, [x0, y0, x1, y1]) {
    ctx.lineWidth = 1;
    ctx.strokeStyle = "rgba(31,41,51,0.45)";
    for (const group of dotGroups) {
      const path = new Path2D();
      for (const n of group.records) {
        if (n.hidden) continue;
        const p = body[n.id], r = n.size;
        if (p.x + r < x0 || p.x - r > x1 || p.y + r < y0 || p.y - r > y1) continue;
        if (group.shape === "diamond") {
          path.moveTo(p.x, p.y - r); path.lineTo(p.x + r, p.y); path.lineTo(p.x, p.y + r); path.lineTo(p.x - r, p.y);
          path.closePath();
        } else {
          path.moveTo(p.x + r, p.y);
          path.arc(p.x, p.y, r, 0, 2 * Math.PI);
        }
      }
      ctx.fillStyle = group.colour;
      ctx.fill(path);
      ctx.stroke(path);
    }
  }

  function drawBatched(ctx) { // vis-network's beforeDrawing: ctx is in canvas units
    const body = network.body.nodes, area = shownArea();
    const moving = network.renderer.dragging || network.renderer.zooming; // as hideEdgesOnDrag/Zoom
    ctx.save();
    if (!moving) drawTies(ctx, body, area);
    drawDots(ctx, body, area);
    ctx.restore();
  }

  // --- district layout: district names and discs behind the nodes ---------------------------
  function drawDistricts(ctx) {
      ctx.save();
      for (const a of data.anchors) {
        ctx.beginPath();
        ctx.arc(a.x, a.y, a.r + 16, 0, 2 * Math.PI);
        ctx.fillStyle = "rgba(52, 73, 94, 0.06)";
        ctx.fill();
        ctx.font = "bold 30px " + FONT;
        ctx.textAlign = "center";
        ctx.fillStyle = "rgba(52, 73, 94, 0.75)";
        ctx.fillText(named(a), a.x, a.y - a.r - 26);
      }
      ctx.restore();
  }

  // --- filters -------------------------------------------------------------------------------
  function fillSelect(select, allText, items) {
    const chosen = select.value;
    select.replaceChildren();
    const all = element("option", "", allText);
    all.value = "";
    select.append(all);
    for (const item of items) {
      const option = element("option", "", "\u00a0\u00a0".repeat(item.depth || 0) + named(item));
      option.value = item.value;
      select.append(option);
    }
    select.value = chosen;
  }

  function visibleIds() {
    const district = $("filter-district").value;
    const kind = $("filter-kind").value;
    const program = $("filter-program").value;
    const noIsolates = $("isolates").checked;
    const shown = new Set();
    for (const n of nodeRecords) {
      if (n.nodeType === "program" || hiddenGroups.has(n.colourGroup)) continue;
      if (n.nodeType === "community") { shown.add(n.id); continue; }
      if (district && n.district !== district) continue;
      if (kind && n.kind !== kind) continue;
      if (program && !n.programSet.has(program)) continue;
      if (noIsolates && isIsolate(n)) continue;
      shown.add(n.id);
    }
    // program nodes (two-mode view) stay while one of their organisations is shown
    for (const n of nodeRecords) {
      if (n.nodeType !== "program" || hiddenGroups.has(n.colourGroup)) continue;
      if (program && !n.programSet.has(program)) continue;
      if (neighbours(n.id).some((id) => shown.has(id))) shown.add(n.id);
    }
    return shown;
  }

  function clearFilters() {
    for (const id of FILTERS) $(id).value = "";
    $("isolates").checked = false;
    hiddenGroups.clear();
    renderLegend();
  }

  function applyFilters(fit) {
    const shown = visibleIds();
    const changedNodes = [];
    for (const n of nodeRecords) {
      const hidden = !shown.has(n.id);
      if (hidden !== n.hidden) { n.hidden = hidden; changedNodes.push({ id: n.id, hidden }); }
    }
    const changedEdges = [];
    for (const e of edgeRecords) {
      const hidden = !(shown.has(e.from) && shown.has(e.to));
      if (hidden !== e.hidden) { e.hidden = hidden; changedEdges.push({ id: e.id, hidden }); }
    }
    if (changedNodes.length && !batched) nodes.update(changedNodes); // batched: the page draws what is shown
    if (changedEdges.length && !batched) edges.update(changedEdges);
    if (highlighted !== null && !shown.has(highlighted)) select(null);
    updateStatus(shown);
    renderVisibleList();
    if (fit && shown.size) network.fit({ nodes: [...shown], animation: false });
  }

  function updateStatus(shown) {
    if (data.level === "community" && opened === null) {
      $("status").textContent = t().overview(topNodes.length, data.counts.nodes);
      return;
    }
    const visibleEdges = edgeRecords.filter((e) => !e.hidden).length;
    const counts = t().shown(shown.size, nodeRecords.length, visibleEdges);
    const community = topNodes.find((n) => n.community === opened);
    const where = community ? t().inCommunity(label(community)) + " · " : "";
    $("status").textContent = where + counts;
  }

  // --- the list of the organisations shown -------------------------------------------------
  function renderVisibleList() {
    const list = $("visible-list");
    list.replaceChildren();
    $("visible-heading").textContent = t().visible;
    const shown = ranked.filter((n) => !n.hidden && n.nodeType === "organisation");
    const ordered = sortBy === "name"
      ? [...shown].sort((a, b) => label(a).localeCompare(label(b)))
      : shown;
    for (const n of ordered.slice(0, LIST_LENGTH)) {
      const li = element("li");
      const button = element("button", "link", label(n));
      button.type = "button";
      button.dataset.id = n.id;
      button.addEventListener("click", () => choose(n));
      li.append(button);
      if (n.measures && n.measures.length) li.append(element("span", "count", number(n.measures[0])));
      list.append(li);
    }
    if (ordered.length > LIST_LENGTH) list.append(element("li", "more", t().more(ordered.length - LIST_LENGTH)));
    $("visible").hidden = !shown.length;
  }

  // --- selection: the neighbourhood drawn on top, the details in the panel ------------------
  function select(id, centre) {
    highlighted = id;
    network.selectNodes(id === null ? [] : [id]); // asks for one redraw on the next frame
    if (id === null) $("details").hidden = true;
    else {
      renderDetails(byId.get(id));
      if (centre) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: bigGraph ? false : { duration: 300, easingFunction: "easeInOutQuad" } });
    }
    if (!applying) saveView(true);
  }

  function detailRow(parent, caption, content) {
    if (!content || (Array.isArray(content) && !content.length)) return;
    const row = element("div", "detail-row");
    row.append(element("div", "detail-key", caption));
    if (Array.isArray(content)) {
      const ul = element("ul", "detail-list");
      for (const item of content) {
        const li = element("li");
        li.append(item);
        ul.append(li);
      }
      row.append(ul);
    } else row.append(element("div", "detail-value", content));
    parent.append(row);
  }

  function neighbourGroups(n) {
    const groups = new Map();
    const add = (key, caption, other) => {
      if (!groups.has(key)) groups.set(key, { caption, ids: new Set() });
      groups.get(key).ids.add(other);
    };
    for (const e of incident.get(n.id) || []) {
      const other = e.from === n.id ? e.to : e.from;
      const outward = e.from === n.id;
      for (const tie of e.tieList) {
        const name = term("tie", tie.type);
        if (!tie.dir) add(tie.type, name, other);
        else if ((tie.dir === ">") === outward) add(tie.type + ">", `${name} →`, other);
        else add(tie.type + "<", `← ${name}`, other);
      }
      if (e.shared || e.html !== undefined || n.nodeType === "program") {
        add("shared", n.nodeType === "program" ? t().participants : e.shared ? t().shared : t().programs, other);
      }
    }
    return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, g]) => g);
  }

  function renderDetails(n) {
    const panel = $("details");
    panel.replaceChildren();
    const close = element("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t().close);
    close.addEventListener("click", () => select(null));
    panel.append(close, element("h2", "detail-title", label(n)));
    if (otherLabel(n) && otherLabel(n) !== label(n)) panel.append(element("div", "detail-sub", otherLabel(n)));
    if (n.nodeType === "organisation") {
      detailRow(panel, t().kind, n.kind ? term("kind", n.kind) : "");
      detailRow(panel, t().legal, n.legal ? term("legal", n.legal) : "");
      detailRow(panel, t().district, districtName(n.district));
      detailRow(panel, t().designations, (n.designations || []).map((d) => term("designation", d)).join(", "));
      if (data.ego === n.id) detailRow(panel, "◎", t().ego);
      detailRow(panel, `${t().programs} (${(n.taken || []).length})`, (n.taken || []).map(([i, roles, years]) => {
        const extra = [roles.split(";").filter(Boolean).map((r) => term("role", r)).join(", "), years.replace(/;/g, ", ")]
          .filter(Boolean).join(" · ");
        return pair(data.programs[i].slice(1, 3)) + (extra ? ` (${extra})` : "");
      }));
      detailRow(panel, t().measures, (n.measures || []).map((v, i) => `${pair(data.measures[i])}: ${number(v)}`));
    }
    for (const group of neighbourGroups(n)) {
      // by name; past LIST_LENGTH, the most central ones and how many more
      const all = [...group.ids].map((id) => byId.get(id));
      const listed = all.length <= LIST_LENGTH ? all.sort((a, b) => label(a).localeCompare(label(b)))
        : ranked.filter((other) => group.ids.has(other.id)).slice(0, LIST_LENGTH);
      const items = listed.map((other) => {
        const b = element("button", "link", label(other));
        b.type = "button";
        b.dataset.id = other.id;
        b.addEventListener("click", () => select(other.id, true));
        return b;
      });
      if (all.length > listed.length) items.push(element("span", "more", t().more(all.length - listed.length)));
      detailRow(panel, `${t().neighbours} · ${group.caption} (${all.length})`, items);
    }
    panel.hidden = false;
  }

  function clicked(params) {
    let node = params.nodes.length ? byId.get(params.nodes[0]) : null;
    if (node && node.hidden) node = null; // batched: vis-network still holds the nodes filtered out
    if (node && node.nodeType === "community") openCommunity(node.community);
    else if (node) select(node.id);
    else if (!params.edges.length) select(null);
  }

  // --- showing a set of records (the whole map, the overview, one community) ----------------
  function show(nodeList, edgeList) {
    highlighted = null;
    nodeRecords = nodeList;
    edgeRecords = edgeList;
    byId = new Map(nodeRecords.map((n) => [n.id, n]));
    incident = new Map(nodeRecords.map((n) => [n.id, []]));
    for (const e of edgeRecords) { incident.get(e.from).push(e); incident.get(e.to).push(e); }
    ranked = [...nodeRecords].sort((a, b) => sizeValue(b) - sizeValue(a) || b.size - a.size || label(a).localeCompare(label(b)));
    const withTips = edgeRecords.length <= MAX_EDGE_TOOLTIPS;
    if (network) network.selectNodes([]);
    for (const n of nodeRecords) n.hidden = false;
    for (const e of edgeRecords) e.hidden = false;
    const batch = nodeRecords.length > BIG || edgeRecords.length > MAX_EDGE_TOOLTIPS;
    batched = false; // until the new records are in place
    edges.clear();
    nodes.clear();
    nodes.add(nodeRecords.map((n) => {
      const record = Object.assign({}, n, { title: batch ? sharedTip : nodeTip(n) });
      delete record.label; // labels: drawLabels
      if (data.physics && isolatesApart && isIsolate(n)) record.physics = false; // placeIsolatesApart moves them
      if (batch) Object.assign(record, { shape: "custom", ctxRenderer: DRAWS_NOTHING });
      return record;
    }));
    if (batch) groupForDrawing();
    else showThinning("");
    batched = batch;
    if (!batched) edges.add(edgeRecords.map((e) => Object.assign({}, e, { title: withTips ? edgeTip(e) : undefined })));
    if (network === null) {
      network = new vis.Network($("network"), { nodes, edges }, options);
      listen();
      whenReady();
    }
    const inside = data.level === "community" && opened !== null;
    $("back").hidden = !inside;
    for (const id of FILTERS) {
      $(id).value = "";
      $(id).disabled = data.level === "community" && !inside;
      $(id).title = $(id).disabled ? t().filtersInside : "";
    }
    $("details").hidden = true;
    renderLegend();
    if (!data.physics || inside) placeIsolatesApart();
    applyFilters(false);
    network.fit({ animation: false });
    document.body.dataset.view = opened === null ? "overview" : opened;
  }

  function openCommunity(key) {
    if (!data.drill || !(key in data.drill.communities)) return;
    opened = key;
    const [members, ties] = compactRecords(key);
    show(members, ties);
    if (!applying) saveView(true);
  }

  function showOverview() {
    opened = null;
    show(topNodes, topEdges);
    if (!applying) saveView(true);
  }

  $("back").addEventListener("click", showOverview);

  // --- search ----------------------------------------------------------------------------------
  const searchBox = $("search");
  const results = $("search-results");
  let matches = [];
  let active = 0;

  let everyMember = null; // community level: every organisation, for the search
  function searchable() {
    if (data.level !== "community") return nodeRecords;
    if (everyMember === null) {
      everyMember = [];
      for (const [key, community] of Object.entries(data.drill.communities)) {
        for (const m of community.members) {
          everyMember.push({ id: data.drill.prefix + m[0], label_ko: m[1], label_en: m[2],
            community: key, key: norm(m[1]) + "\u0000" + norm(m[2]) });
        }
      }
    }
    return everyMember;
  }

  function findMatches(text) {
    const wanted = norm(text);
    if (!wanted) return [];
    const found = searchable().filter((n) => n.key.includes(wanted));
    found.sort((a, b) => (a.key.startsWith(wanted) ? 0 : 1) - (b.key.startsWith(wanted) ? 0 : 1)
      || a.label_ko.length - b.label_ko.length || a.label_ko.localeCompare(b.label_ko));
    return found.slice(0, 15);
  }

  function markActive() {
    [...results.children].forEach((li, i) => {
      li.classList.toggle("active", i === active);
      li.setAttribute("aria-selected", String(i === active));
    });
    const current = results.children[active];
    if (current && current.id) searchBox.setAttribute("aria-activedescendant", current.id);
  }

  function showMatches() {
    matches = findMatches(searchBox.value);
    active = 0;
    results.replaceChildren();
    if (!searchBox.value.trim()) { results.hidden = true; searchBox.setAttribute("aria-expanded", "false"); return; }
    if (!matches.length) results.append(element("li", "", t().noMatch));
    matches.forEach((n, i) => {
      const li = element("li", "", label(n));
      li.id = `match-${i}`;
      li.setAttribute("role", "option");
      const other = otherLabel(n);
      if (other && other !== label(n)) li.append(element("small", "", other));
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(n); });
      results.append(li);
    });
    markActive();
    results.hidden = false;
    searchBox.setAttribute("aria-expanded", "true");
  }

  function choose(match) {
    const id = match.id;
    results.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
    if (data.level === "community" && match.nodeType !== "community" && opened !== match.community) {
      applying = true;
      openCommunity(match.community);
      applying = false;
    }
    if (byId.get(id).hidden) {
      clearFilters();
      applyFilters(false);
    }
    searchBox.value = label(byId.get(id));
    select(id, true);
  }

  searchBox.addEventListener("input", showMatches);
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && matches.length) { active = (active + 1) % matches.length; markActive(); event.preventDefault(); }
    if (event.key === "ArrowUp" && matches.length) { active = (active + matches.length - 1) % matches.length; markActive(); event.preventDefault(); }
    if (event.key === "Enter" && matches.length) choose(matches[active]);
    if (event.key === "Escape") results.hidden = true;
  });
  searchBox.addEventListener("blur", () => { results.hidden = true; });

  // --- legend ----------------------------------------------------------------------------------
  function legendItem(marker, text, count) {
    const li = element("li");
    li.append(marker, element("span", "", text));
    if (count !== undefined) li.append(element("span", "count", String(count)));
    return li;
  }

  function swatch(colour, diamond) {
    const s = element("span", diamond ? "swatch diamond" : "swatch");
    s.style.background = colour;
    return s;
  }

  function svg(width, height, draw) {
    const svgNS = "http://www.w3.org/2000/svg";
    const el = document.createElementNS(svgNS, "svg");
    el.setAttribute("width", String(width));
    el.setAttribute("height", String(height));
    const shape = (name, attrs) => {
      const s = document.createElementNS(svgNS, name);
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, String(v));
      el.append(s);
    };
    draw(shape);
    return el;
  }

  const line = (style) => svg(28, 10, (shape) => shape("line", Object.assign(
    { x1: 1, y1: 5, x2: 27, y2: 5, stroke: style.colour, "stroke-width": 2.5 },
    style.dashes ? { "stroke-dasharray": style.dashes.join(" ") } : {})));

  function toggleGroup(key, item) {
    if (hiddenGroups.has(key)) hiddenGroups.delete(key);
    else hiddenGroups.add(key);
    item.classList.toggle("off", hiddenGroups.has(key));
    item.setAttribute("aria-pressed", String(!hiddenGroups.has(key)));
    applyFilters(true);
    saveView(true);
  }

  function sizeKey(legend) {
    // three nodes of the map: the smallest, the middle and the largest value of the size measure
    const organisations = ranked.filter((n) => n.nodeType !== "program");
    if (!organisations.length) return;
    const picks = [organisations[organisations.length - 1], organisations[Math.floor(organisations.length / 2)], organisations[0]];
    const seen = new Set();
    const ul = element("ul", "size-key");
    for (const n of picks) {
      if (seen.has(sizeValue(n))) continue;
      seen.add(sizeValue(n));
      const r = Math.max(2, n.size / 2);
      ul.append(legendItem(svg(2 * r + 2, 2 * r + 2, (shape) => shape("circle", { cx: r + 1, cy: r + 1, r, fill: "#9AA5B1" })),
        t().sizeKey(number(sizeValue(n)))));
    }
    legend.append(ul);
  }

  function renderLegend() {
    const legend = $("legend");
    legend.replaceChildren();
    const overview = data.level === "community" && opened === null;
    const entries = overview ? data.overviewLegend : data.legend;
    legend.append(element("h2", "", `${t().colour}: ${overview ? t().community : named(data.colourBy)}`));
    const colours = element("ul");
    for (const entry of entries) {
      const item = legendItem(swatch(entry.colour), named(entry), entry.count);
      item.className = hiddenGroups.has(entry.key) ? "group off" : "group";
      item.dataset.group = entry.key;
      item.title = t().toggleGroup;
      item.tabIndex = 0;
      item.setAttribute("role", "button");
      item.setAttribute("aria-pressed", String(!hiddenGroups.has(entry.key)));
      item.addEventListener("click", () => toggleGroup(entry.key, item));
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggleGroup(entry.key, item); }
      });
      colours.append(item);
    }
    legend.append(colours);
    legend.append(element("h2", "", `${t().size}: ${overview ? t().members : named(data.sizeBy)}`));
    sizeKey(legend);
    if (data.ego) {
      const ul = element("ul");
      ul.append(legendItem(svg(16, 16, (shape) => shape("circle",
        { cx: 8, cy: 8, r: 6, fill: "none", stroke: LABEL_COLOUR, "stroke-width": 2.5 })), t().ego));
      legend.append(ul);
    }
    if (data.twoMode) {
      legend.append(element("h2", "", t().shapes));
      const shapes = element("ul");
      shapes.append(legendItem(swatch("#888"), t().organisation));
      shapes.append(legendItem(swatch(data.programColour, true), t().program));
      legend.append(shapes);
    }
    if (overview) {
      legend.append(element("h2", "", t().edges));
      const ul = element("ul");
      ul.append(legendItem(line({ colour: topEdges.length ? topEdges[0].baseColour : "#B8BEC6" }), t().summedTies));
      legend.append(ul);
    } else if (data.edgeStyles.length) {
      legend.append(element("h2", "", t().edges));
      const lines = element("ul");
      for (const style of data.edgeStyles) lines.append(legendItem(line(style), named(style)));
      legend.append(lines);
    }
  }

  // --- exports: the view as PNG, the organisations and ties shown as CSV --------------------
  function download(blob, name) {
    const a = element("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  const fileBase = () => "segraph-map" + (opened !== null ? `-community-${opened}` : "");

  function exportPng() {
    const source = $("network").querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    out.toBlob((blob) => download(blob, fileBase() + ".png"), "image/png");
  }

  function csvCell(value) {
    let text = value === undefined || value === null ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text))) text = "'" + text; // no formulas
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  const csv = (rows) => "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";

  function exportNodes() {
    const names = data.measures.map((m) => m[1]);
    const rows = [["id", "name_ko", "name_en", "type", "kind", "district", "community", ...names]];
    for (const n of ranked) {
      if (n.hidden) continue;
      rows.push([n.id, n.label_ko, n.label_en, n.nodeType, n.kind, n.district, n.community || "",
        ...names.map((_, i) => (n.measures ? n.measures[i] : ""))]);
    }
    download(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }), fileBase() + "-organisations.csv");
  }

  function exportEdges() {
    const rows = [["source", "target", "source_name", "target_name", "ties", "shared_programs"]];
    for (const e of edgeRecords) {
      if (e.hidden) continue;
      const a = byId.get(e.from), b = byId.get(e.to);
      rows.push([e.from, e.to, a.label_ko, b.label_ko, e.ties || "", e.shared || 0]);
    }
    download(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }), fileBase() + "-ties.csv");
  }

  $("export-png").addEventListener("click", exportPng);
  $("export-nodes").addEventListener("click", exportNodes);
  $("export-edges").addEventListener("click", exportEdges);

  // --- the view in the URL hash: a link reopens it, Back steps through views ----------------
  function viewState(withCamera) {
    const state = new URLSearchParams();
    state.set("lang", lang);
    if (opened !== null) state.set("community", opened);
    for (const [param, id] of FILTER_PARAMS) {
      if ($(id).value) state.set(param, $(id).value);
    }
    if (hiddenGroups.size) state.set("hide", [...hiddenGroups].sort().join(","));
    if ($("isolates").checked) state.set("isolates", "hide");
    if (highlighted !== null) state.set("node", highlighted);
    if (withCamera) {
      const at = network.getViewPosition();
      state.set("zoom", network.getScale().toFixed(3));
      state.set("x", at.x.toFixed(0));
      state.set("y", at.y.toFixed(0));
    }
    return state;
  }

  let lastView = ""; // the view (without the camera) the hash last held

  function saveView(push) {
    if (applying || document.body.dataset.ready !== "true") return;
    const hash = "#" + viewState(true).toString();
    if (hash === location.hash) return;
    const sameView = viewState(false).toString() === lastView;
    lastView = viewState(false).toString();
    if (push && !sameView) history.pushState(null, "", hash);
    else history.replaceState(null, "", hash);
  }

  function applyView(hash) {
    const state = new URLSearchParams(hash.replace(/^#/, ""));
    applying = true;
    try {
      if (state.get("lang") && state.get("lang") !== lang) setLang(state.get("lang") === "en" ? "en" : "ko");
      const community = state.get("community");
      if (data.level === "community") {
        if (community && community !== opened) openCommunity(community);
        else if (!community && opened !== null) showOverview();
      }
      for (const [param, id] of FILTER_PARAMS) {
        $(id).value = state.get(param) || "";
      }
      hiddenGroups.clear();
      for (const key of (state.get("hide") || "").split(",").filter(Boolean)) hiddenGroups.add(key);
      $("isolates").checked = state.get("isolates") === "hide";
      renderLegend();
      applyFilters(false);
      const node = state.get("node");
      select(node && byId.has(node) ? node : null);
      if (state.has("zoom")) {
        network.moveTo({ scale: Number(state.get("zoom")), position: { x: Number(state.get("x")), y: Number(state.get("y")) }, animation: false });
      } else network.fit({ animation: false });
    } finally {
      applying = false;
    }
    lastView = viewState(false).toString();
  }

  window.addEventListener("popstate", () => applyView(location.hash));
  let cameraTimer = null;
  const cameraMoved = () => { clearTimeout(cameraTimer); cameraTimer = setTimeout(() => saveView(false), 250); };

  function listen() {
    network.on("beforeDrawing", (ctx) => {
      if (data.anchors.length) drawDistricts(ctx);
      if (batched) drawBatched(ctx);
    });
    network.on("afterDrawing", drawOverlay);
    network.on("showPopup", fillSharedTip);
    network.on("click", clicked);
    network.on("zoom", cameraMoved);
    network.on("dragEnd", cameraMoved);
    network.on("animationFinished", cameraMoved);
  }

  // --- language --------------------------------------------------------------------------------
  function setLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-text]").forEach((el) => { el.textContent = t()[el.dataset.text]; });
    document.querySelectorAll("[data-label]").forEach((el) => { el.setAttribute("aria-label", t()[el.dataset.label]); });
    $("lang").textContent = t().otherLang;
    document.title = named(data.title);
    $("title").textContent = named(data.title);
    searchBox.placeholder = t().search;
    fillSelect($("filter-district"), t().allDistricts, data.filters.districts);
    fillSelect($("filter-kind"), t().allKinds, data.filters.kinds);
    fillSelect($("filter-program"), t().allPrograms, data.filters.programs);
    if (data.note) { $("note").textContent = named(data.note); $("note").hidden = false; }
    $("back").textContent = t().back;
    if (data.level === "community") $("help").textContent = t().communityHelp;
    if (byId.size) { // the records are shown: their tooltips follow the language
      if (!batched) nodes.update(nodeRecords.map((n) => ({ id: n.id, title: nodeTip(n) })));
      if (!batched && edgeRecords.length <= MAX_EDGE_TOOLTIPS) edges.update(edgeRecords.filter((e) => !e.html).map((e) => ({ id: e.id, title: edgeTip(e) })));
    }
    widths.clear();
    renderLegend();
    renderVisibleList();
    if (highlighted !== null) renderDetails(byId.get(highlighted));
    if (network === null) return; // the first setLang, before the network is made
    updateStatus(visibleIds());
    requestDraw();
    if (!applying) saveView(true);
  }

  $("lang").addEventListener("click", () => setLang(lang === "ko" ? "en" : "ko"));
  for (const id of FILTERS) $(id).addEventListener("change", () => { select(null); applyFilters(true); saveView(true); });
  $("isolates").addEventListener("change", () => { applyFilters(true); saveView(true); });
  $("sort").addEventListener("change", () => { sortBy = $("sort").value; renderVisibleList(); });
  $("panel-toggle").addEventListener("click", () => {
    const open = $("panel").classList.toggle("collapsed") === false;
    $("panel-toggle").setAttribute("aria-expanded", String(open));
  });
  $("reset").addEventListener("click", () => {
    applying = true;
    if (opened !== null) showOverview();
    clearFilters();
    searchBox.value = "";
    results.hidden = true;
    select(null);
    applyFilters(false);
    applying = false;
    network.fit({ animation: false });
    saveView(true);
  });

  // --- physics: stabilise first, then stop so the map holds still ---------------------------
  const physicsBox = $("physics");
  physicsBox.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physicsBox.checked, stabilization: false } });
  });

  function ready() {
    if (location.hash.length > 1) applyView(location.hash);
    else lastView = viewState(false).toString();
    $("loading").hidden = true;
    document.body.dataset.ready = "true";
  }

  function whenReady() {
    window.segraphMap = {
      network, nodes, edges, data,
      open: (key) => openCommunity(key), back: () => showOverview(),
      labels: () => drawnLabels.map((l) => Object.assign({}, l, { box: [...l.box] })),
      labelOf: (id) => label(byId.get(id)),
      highlighted: () => (highlighted === null ? [] : [highlighted, ...neighbours(highlighted)]),
      select: (id) => select(id, true),
      shown: () => nodeRecords.filter((n) => !n.hidden).map((n) => n.id),
    };
    if (data.physics) {
      network.once("stabilizationIterationsDone", () => {
        network.setOptions({ physics: { enabled: false } });
        physicsBox.checked = false;
        placeIsolatesApart();
        network.fit({ animation: false });
        network.once("afterDrawing", ready);
        network.redraw();
      });
    } else network.once("afterDrawing", ready);
  }

  function start() {
    physicsBox.checked = data.physics;
    setLang(lang);
    show(topNodes, topEdges);
  }

  // let the loading indicator paint before the network is built
  requestAnimationFrame(() => setTimeout(start, 0));
})();
