// segraph map: the page's controls (search, filters, legend, language, physics, highlight).
// Every string from the data reaches the page as text (textContent, canvas labels) except the
// tooltips, which segraph writes as HTML with every data string escaped.
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
      help: "노드를 누르면 이웃이 강조됩니다. 빈 곳을 누르면 돌아옵니다. 마우스를 올리면 자세한 정보가 보입니다.",
      communityHelp: "공동체를 누르면 구성원과 그 연결이 보입니다. 이름을 찾으면 그 조직의 공동체가 열립니다.",
      back: "← 공동체 전체", overview: (c, o) => `공동체 ${c}개 · 조직 ${o}개`,
      inCommunity: (name) => `공동체 ${name}`, filtersInside: "필터는 공동체를 연 뒤에 쓸 수 있습니다",
      kind: "종류", district: "자치구", programs: "사업", measures: "지표", ties: "관계",
      shared: "함께한 사업", members: "구성원 수", summedTies: "공동체 사이의 연결 (굵기: 연결 수)",
    },
    en: {
      search: "Find by name (Korean or English)", allDistricts: "All districts",
      allKinds: "All kinds", allPrograms: "All programs", physics: "Physics",
      reset: "Reset", otherLang: "한국어", colour: "Colour", size: "Size",
      shapes: "Shapes", organisation: "organisation", program: "program", edges: "Edges",
      shown: (n, m, e) => `${n} of ${m} nodes shown, ${e} edges`,
      noMatch: "No such name",
      toggleGroup: "Click to hide or show this group",
      help: "Click a node to highlight its neighbours; click the background to go back. Hover for details.",
      communityHelp: "Click a community to see its members and their ties. Searching a name opens its organisation's community.",
      back: "← All communities", overview: (c, o) => `${c} communities · ${o} organisations`,
      inCommunity: (name) => `Community ${name}`, filtersInside: "Filters apply once a community is open",
      kind: "kind", district: "district", programs: "programs", measures: "measures", ties: "ties",
      shared: "shared programs", members: "number of members",
      summedTies: "ties between communities (width: number of ties)",
    },
  };
  const MAX_EDGE_TOOLTIPS = 20000;
  const DIM_NODE = "#E4E7EB";
  const DIM_EDGE = "rgba(200,205,212,0.25)";
  const LABEL_COLOUR = "#1F2933";
  const FONT = '"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif';

  let lang = data.lang === "en" ? "en" : "ko";
  let highlighted = null;
  const hiddenGroups = new Set(); // colour groups switched off in the legend
  const $ = (id) => document.getElementById(id);
  const norm = (s) => (s || "").normalize("NFC").toLowerCase().replace(/\s+/g, "");
  const label = (n) => (lang === "en" ? n.label_en || n.label_ko : n.label_ko);
  const named = (item) => (lang === "en" ? item.en : item.ko);

  function tooltip(html) {
    const element = document.createElement("div");
    element.innerHTML = html; // segraph escaped every data string in it
    return element;
  }

  const nodeRecord = (n) => Object.assign(n, {
    baseColour: n.color, programSet: new Set(n.programs),
    key: norm(n.label_ko) + "\u0000" + norm(n.label_en),
  });
  let topNodes = data.nodes.map((n) => nodeRecord(Object.assign({}, n, { title: tooltip(n.title) })));
  let topEdges = data.edges.map((e) => Object.assign({}, e, {
    title: e.title ? tooltip(e.title) : undefined, baseColour: e.color,
  }));
  let nodeRecords = topNodes;
  let edgeRecords = topEdges;
  let byId = new Map(nodeRecords.map((n) => [n.id, n]));
  let opened = null; // the community whose members are shown (community level), or null
  const nodes = new vis.DataSet(nodeRecords.map((n) => Object.assign({}, n, { label: label(n) })));
  const edges = new vis.DataSet(edgeRecords);

  const bigGraph = data.counts.nodes > 1500;
  const options = {
    nodes: {
      font: { size: 14, face: FONT, color: LABEL_COLOUR, strokeWidth: 3, strokeColor: "#ffffff" },
      borderWidth: 1,
    },
    edges: { smooth: false, color: { inherit: false }, selectionWidth: 1.5 },
    physics: {
      enabled: data.physics,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -90, springLength: 140, avoidOverlap: 0.8 },
      stabilization: { enabled: data.physics, iterations: 400, fit: true },
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: bigGraph, keyboard: false },
    layout: { randomSeed: 7, improvedLayout: data.counts.nodes <= 300 },
  };
  const network = new vis.Network($("network"), { nodes, edges }, options);
  window.segraphMap = { network, nodes, edges, data, open: (key) => openCommunity(key), back: () => showOverview() };

  // --- physics: stabilise first, then stop so the map holds still ---------------------------
  const physicsBox = $("physics");
  physicsBox.checked = data.physics;
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: { enabled: false } });
    physicsBox.checked = false;
    document.body.dataset.ready = "true";
  });
  if (!data.physics) {
    network.once("afterDrawing", () => { document.body.dataset.ready = "true"; });
  }
  physicsBox.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physicsBox.checked, stabilization: false } });
  });

  // --- district layout: district names and discs behind the nodes ---------------------------
  if (data.anchors.length) {
    network.on("beforeDrawing", (ctx) => {
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
    });
  }

  // --- filters -------------------------------------------------------------------------------
  function fillSelect(select, allText, items) {
    const chosen = select.value;
    select.replaceChildren();
    const all = document.createElement("option");
    all.value = "";
    all.textContent = allText;
    select.append(all);
    for (const item of items) {
      const option = document.createElement("option");
      option.value = item.value;
      option.textContent = "\u00a0\u00a0".repeat(item.depth || 0) + named(item);
      select.append(option);
    }
    select.value = chosen;
  }

  function visibleIds() {
    const district = $("filter-district").value;
    const kind = $("filter-kind").value;
    const program = $("filter-program").value;
    const shown = new Set();
    for (const n of nodeRecords) {
      if (n.nodeType === "program" || hiddenGroups.has(n.colourGroup)) continue;
      if (n.nodeType === "community") { shown.add(n.id); continue; }
      if (district && n.district !== district) continue;
      if (kind && n.kind !== kind) continue;
      if (program && !n.programSet.has(program)) continue;
      shown.add(n.id);
    }
    // program nodes (two-mode view) stay while one of their organisations is shown
    for (const n of nodeRecords) {
      if (n.nodeType !== "program" || hiddenGroups.has(n.colourGroup)) continue;
      if (program && !n.programSet.has(program)) continue;
      if (network.getConnectedNodes(n.id).some((id) => shown.has(id))) shown.add(n.id);
    }
    return shown;
  }

  function applyFilters() {
    const shown = visibleIds();
    nodes.update(nodeRecords.map((n) => ({ id: n.id, hidden: !shown.has(n.id) })));
    edges.update(edgeRecords.map((e) => ({ id: e.id, hidden: !(shown.has(e.from) && shown.has(e.to)) })));
    updateStatus(shown);
  }

  function updateStatus(shown) {
    const t = TEXT[lang];
    if (data.level === "community" && opened === null) {
      $("status").textContent = t.overview(topNodes.length, data.counts.nodes);
      return;
    }
    const visibleEdges = edgeRecords.filter((e) => shown.has(e.from) && shown.has(e.to)).length;
    const counts = t.shown(shown.size, nodeRecords.length, visibleEdges);
    const community = topNodes.find((n) => n.community === opened);
    const where = community ? t.inCommunity(label(community)) + " · " : "";
    $("status").textContent = where + counts;
  }

  // --- neighbourhood highlight -----------------------------------------------------------------
  function highlight(id) {
    highlighted = id;
    const keep = new Set([id, ...network.getConnectedNodes(id)]);
    nodes.update(nodeRecords.map((n) => ({
      id: n.id,
      color: keep.has(n.id) ? n.baseColour : DIM_NODE,
      font: { color: keep.has(n.id) ? LABEL_COLOUR : "rgba(31,41,51,0.25)" },
    })));
    edges.update(edgeRecords.map((e) => ({
      id: e.id, color: e.from === id || e.to === id ? e.baseColour : DIM_EDGE,
    })));
  }

  function clearHighlight() {
    if (highlighted === null) return;
    highlighted = null;
    nodes.update(nodeRecords.map((n) => ({ id: n.id, color: n.baseColour, font: { color: LABEL_COLOUR } })));
    edges.update(edgeRecords.map((e) => ({ id: e.id, color: e.baseColour })));
  }

  network.on("click", (params) => {
    const node = params.nodes.length ? byId.get(params.nodes[0]) : null;
    if (node && node.nodeType === "community") openCommunity(node.community);
    else if (node) highlight(node.id);
    else clearHighlight();
  });

  // --- community level: drill down into one community and back -----------------------------
  const legendColour = new Map(data.legend.map((entry) => [entry.key, entry.colour]));
  const both = (ko, en) => (!en || en === ko ? ko : `${ko} · ${en}`);
  const namesOf = (items) => new Map(items.map((item) => [item.value, item]));
  const kindNames = namesOf(data.filters.kinds);
  const districtNames = namesOf(data.filters.districts);

  function tipElement(title, subtitle, rows) {
    // built with textContent only: names from the data stay text
    const element = document.createElement("div");
    const add = (cls, text) => {
      const div = document.createElement("div");
      div.className = cls;
      div.textContent = text;
      element.append(div);
      return div;
    };
    add("tip-title", title);
    if (subtitle && subtitle !== title) add("tip-sub", subtitle);
    for (const [caption, items] of rows) {
      if (!items.length) continue;
      const row = add("tip-row", "");
      const key = document.createElement("span");
      key.className = "tip-key";
      key.textContent = caption + " ";
      row.append(key);
      if (items.length === 1) { row.append(items[0]); continue; }
      const list = document.createElement("ul");
      list.className = "tip-list";
      for (const item of items.slice(0, 12)) {
        const li = document.createElement("li");
        li.textContent = item;
        list.append(li);
      }
      if (items.length > 12) {
        const li = document.createElement("li");
        li.textContent = `… +${items.length - 12}`;
        list.append(li);
      }
      row.append(list);
    }
    return element;
  }

  function programClosure(indexes) {
    const found = new Set();
    for (let i of indexes) {
      while (i >= 0 && !found.has(i)) { found.add(i); i = data.drill.programs[i][3]; }
    }
    return [...found].map((i) => data.drill.programs[i][0]);
  }

  function memberTip(m) {
    const t = TEXT[lang];
    const kind = kindNames.get(m[3]);
    const district = districtNames.get(m[4]);
    const programs = m[9].map((i) => both(data.drill.programs[i][1], data.drill.programs[i][2]));
    const measures = data.drill.measures.map(([ko, en], i) => `${both(ko, en)}: ${m[10][i]}`);
    return tipElement(m[1], m[2], [
      [`${t.kind}`, kind ? [both(kind.ko, kind.en)] : []],
      [`${t.district}`, [district ? both(district.ko, district.en) : "—"]],
      [`${t.programs} (${programs.length})`, programs],
      [t.measures, measures],
    ]);
  }

  function edgeTip(e) {
    const t = TEXT[lang];
    const ties = e[5] ? e[5].split(";").map((tie) => both(...(data.drill.ties[tie] || [tie, tie]))) : [];
    return tipElement("", "", [[t.ties, ties.length ? [ties.join(", ")] : []], [t.shared, e[4] ? [String(e[4])] : []]]);
  }

  function memberRecords(key) {
    const community = data.drill.communities[key];
    const ids = community.members.map((m) => data.drill.prefix + m[0]);
    const members = community.members.map((m, i) => nodeRecord({
      id: ids[i], label_ko: m[1], label_en: m[2], kind: m[3], district: m[4], colourGroup: m[5],
      color: legendColour.get(m[5]), size: m[6], x: m[7], y: m[8], shape: "dot",
      nodeType: "organisation", programs: programClosure(m[9]), community: key, title: memberTip(m),
    }));
    // an element per edge tooltip costs time and memory: very large sets go without them
    const edgeTips = community.edges.length <= MAX_EDGE_TOOLTIPS;
    const ties = community.edges.map((e, i) => {
      const [colour, dashes] = data.drill.styles[e[3]];
      return {
        id: `m${i}`, from: ids[e[0]], to: ids[e[1]], width: e[2], color: colour, baseColour: colour,
        dashes, ties: e[5], arrows: { to: { enabled: false } }, title: edgeTips ? edgeTip(e) : undefined,
      };
    });
    return [members, ties];
  }

  function show(nodeList, edgeList) {
    highlighted = null;
    nodeRecords = nodeList;
    edgeRecords = edgeList;
    byId = new Map(nodeRecords.map((n) => [n.id, n]));
    network.unselectAll();
    edges.clear();
    nodes.clear();
    nodes.add(nodeRecords.map((n) => Object.assign({}, n, { label: label(n) })));
    edges.add(edgeRecords);
    const inside = data.level === "community" && opened !== null;
    $("back").hidden = !inside;
    for (const select of ["filter-district", "filter-kind", "filter-program"]) {
      $(select).value = "";
      $(select).disabled = data.level === "community" && !inside;
      $(select).title = $(select).disabled ? TEXT[lang].filtersInside : "";
    }
    renderLegend();
    applyFilters();
    network.fit();
    document.body.dataset.view = opened === null ? "overview" : opened;
  }

  function openCommunity(key) {
    if (!data.drill || !(key in data.drill.communities)) return;
    opened = key;
    const [members, ties] = memberRecords(key);
    show(members, ties);
  }

  function showOverview() {
    opened = null;
    show(topNodes, topEdges);
  }

  $("back").addEventListener("click", showOverview);

  // --- search ----------------------------------------------------------------------------------
  const searchBox = $("search");
  const results = $("search-results");
  let matches = [];

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

  function showMatches() {
    matches = findMatches(searchBox.value);
    results.replaceChildren();
    if (!searchBox.value.trim()) { results.hidden = true; return; }
    if (!matches.length) {
      const li = document.createElement("li");
      li.textContent = TEXT[lang].noMatch;
      results.append(li);
    }
    matches.forEach((n, i) => {
      const li = document.createElement("li");
      li.textContent = label(n);
      const other = lang === "en" ? n.label_ko : n.label_en;
      if (other && other !== label(n)) {
        const small = document.createElement("small");
        small.textContent = other;
        li.append(small);
      }
      if (i === 0) li.className = "active";
      li.addEventListener("mousedown", (event) => { event.preventDefault(); choose(n); });
      results.append(li);
    });
    results.hidden = false;
  }

  function choose(match) {
    const id = match.id;
    results.hidden = true;
    if (data.level === "community" && match.nodeType !== "community" && opened !== match.community) {
      openCommunity(match.community);
    }
    if (nodes.get(id).hidden) {
      for (const select of ["filter-district", "filter-kind", "filter-program"]) $(select).value = "";
      hiddenGroups.clear();
      renderLegend();
      applyFilters();
    }
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: 1.0, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    searchBox.value = label(byId.get(id));
  }

  searchBox.addEventListener("input", showMatches);
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && matches.length) choose(matches[0]);
    if (event.key === "Escape") results.hidden = true;
  });
  searchBox.addEventListener("blur", () => { results.hidden = true; });

  // --- legend ----------------------------------------------------------------------------------
  function heading(text) {
    const h = document.createElement("h2");
    h.textContent = text;
    return h;
  }

  function legendItem(marker, text, count) {
    const li = document.createElement("li");
    li.append(marker);
    const span = document.createElement("span");
    span.textContent = text;
    li.append(span);
    if (count !== undefined) {
      const c = document.createElement("span");
      c.className = "count";
      c.textContent = String(count);
      li.append(c);
    }
    return li;
  }

  function swatch(colour, diamond) {
    const s = document.createElement("span");
    s.className = diamond ? "swatch diamond" : "swatch";
    s.style.background = colour;
    return s;
  }

  function line(style) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "10");
    const l = document.createElementNS(svgNS, "line");
    for (const [k, v] of [["x1", 1], ["y1", 5], ["x2", 27], ["y2", 5]]) l.setAttribute(k, String(v));
    l.setAttribute("stroke", style.colour);
    l.setAttribute("stroke-width", "2.5");
    if (style.dashes) l.setAttribute("stroke-dasharray", style.dashes.join(" "));
    svg.append(l);
    return svg;
  }

  function renderLegend() {
    const t = TEXT[lang];
    const legend = $("legend");
    legend.replaceChildren();
    legend.append(heading(`${t.colour}: ${named(data.colourBy)}`));
    const colours = document.createElement("ul");
    for (const entry of data.legend) {
      const item = legendItem(swatch(entry.colour), named(entry), entry.count);
      item.className = hiddenGroups.has(entry.key) ? "group off" : "group";
      item.dataset.group = entry.key;
      item.title = t.toggleGroup;
      item.addEventListener("click", () => {
        if (hiddenGroups.has(entry.key)) hiddenGroups.delete(entry.key);
        else hiddenGroups.add(entry.key);
        item.classList.toggle("off", hiddenGroups.has(entry.key));
        clearHighlight();
        applyFilters();
      });
      colours.append(item);
    }
    legend.append(colours);
    const overview = data.level === "community" && opened === null;
    legend.append(heading(`${t.size}: ${overview ? t.members : named(data.sizeBy)}`));
    if (data.twoMode) {
      legend.append(heading(t.shapes));
      const shapes = document.createElement("ul");
      shapes.append(legendItem(swatch("#888"), t.organisation));
      shapes.append(legendItem(swatch(data.programColour, true), t.program));
      legend.append(shapes);
    }
    if (overview) {
      legend.append(heading(t.edges));
      const lines = document.createElement("ul");
      lines.append(legendItem(line({ colour: topEdges.length ? topEdges[0].baseColour : "#B8BEC6" }), t.summedTies));
      legend.append(lines);
    } else if (data.edgeStyles.length) {
      legend.append(heading(t.edges));
      const lines = document.createElement("ul");
      for (const style of data.edgeStyles) lines.append(legendItem(line(style), named(style)));
      legend.append(lines);
    }
  }

  // --- language --------------------------------------------------------------------------------
  function setLang(next) {
    lang = next;
    document.documentElement.lang = lang;
    const t = TEXT[lang];
    document.querySelectorAll("[data-text]").forEach((el) => { el.textContent = t[el.dataset.text]; });
    $("lang").textContent = t.otherLang;
    document.title = named(data.title);
    $("title").textContent = named(data.title);
    searchBox.placeholder = t.search;
    fillSelect($("filter-district"), t.allDistricts, data.filters.districts);
    fillSelect($("filter-kind"), t.allKinds, data.filters.kinds);
    fillSelect($("filter-program"), t.allPrograms, data.filters.programs);
    nodes.update(nodeRecords.map((n) => ({ id: n.id, label: label(n) })));
    if (data.note) { $("note").textContent = named(data.note); $("note").hidden = false; }
    $("back").textContent = t.back;
    if (data.level === "community") $("help").textContent = t.communityHelp;
    const compactKey = opened !== null ? opened : data.drill && data.level === "organisation" ? "all" : null;
    if (compactKey !== null) {
      // member tooltips are built as text in the chosen language
      const community = data.drill.communities[compactKey];
      nodes.update(community.members.map((m) => ({ id: data.drill.prefix + m[0], title: memberTip(m) })));
    }
    renderLegend();
    updateStatus(visibleIds());
    network.redraw();
  }

  $("lang").addEventListener("click", () => setLang(lang === "ko" ? "en" : "ko"));
  for (const select of ["filter-district", "filter-kind", "filter-program"]) {
    $(select).addEventListener("change", () => { clearHighlight(); applyFilters(); });
  }
  $("reset").addEventListener("click", () => {
    if (opened !== null) showOverview();
    for (const select of ["filter-district", "filter-kind", "filter-program"]) $(select).value = "";
    hiddenGroups.clear();
    renderLegend();
    searchBox.value = "";
    results.hidden = true;
    network.unselectAll();
    clearHighlight();
    applyFilters();
    network.fit({ animation: { duration: 300 } });
  });
  setLang(lang);
  if (data.level === "community") {
    show(topNodes, topEdges);
  } else if (data.drill) { // a large map: every organisation, sent in the compact form
    [topNodes, topEdges] = memberRecords("all");
    show(topNodes, topEdges);
  }
})();
