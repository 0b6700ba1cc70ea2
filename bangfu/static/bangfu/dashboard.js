/* The dashboard's charts and map (Apache ECharts), drawn from the JSON the page carries in
 * <script id="dashboard-data" type="application/json"> (Django's json_script: data, never
 * executed). Loaded with the request's CSP nonce; no inline scripts or styles.
 *
 * Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips carry
 * style="" attributes in their markup, which the Content-Security-Policy (style-src 'self')
 * refuses. ECharts sizes its own elements through element.style (CSSOM), which CSP allows.
 *
 * The map is coloured by the indicator chosen in #map-indicator without reloading the page;
 * a click on a county presses that county's button in the county table, whose htmx request
 * loads the townships' table into #townships.
 */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var text = data.text;
  var lang = document.documentElement.lang || "zh-hans";
  var locale = lang.toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var yuan = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  var GREENS = ["#e8f5e9", "#a5d6a7", "#43a047", "#1b5e20"];
  var charts = [];
  var indicators = {};
  data.indicators.forEach(function (i) {
    indicators[i.code] = i;
  });

  function fmt(value, money) {
    if (value === null || value === undefined || isNaN(value)) {
      return "—";
    }
    return (money ? yuan : whole).format(value);
  }

  function make(id, option) {
    var node = document.getElementById(id);
    if (!node) {
      return null;
    }
    var chart = echarts.init(node, null, { renderer: "canvas", locale: locale });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function tooltip(extra) {
    var base = { renderMode: "richText", confine: true };
    Object.keys(extra || {}).forEach(function (k) {
      base[k] = extra[k];
    });
    return base;
  }

  // ---------------------------------------------------------------- money by pathway
  make("chart-pathways", {
    tooltip: tooltip({
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: function (v) {
        return fmt(v, true) + " " + text.yuan;
      },
    }),
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 64, bottom: 8 },
    xAxis: { type: "category", data: data.pathways.names, axisLabel: { interval: 0 } },
    yAxis: {
      type: "value",
      axisLabel: {
        formatter: function (v) {
          return compact.format(v);
        },
      },
    },
    series: data.pathways.series.map(function (s) {
      return { type: "bar", stack: "money", name: s.name, data: s.values, emphasis: { focus: "series" } };
    }),
  });

  // ---------------------------------------------------------------- trained and jobs by unit
  (function () {
    var many = data.units.names.length > 8;
    var category = { type: "category", data: data.units.names, axisLabel: { interval: 0 } };
    var value = { type: "value", minInterval: 1 };
    if (many) {
      category.inverse = true;
    }
    make("chart-units", {
      tooltip: tooltip({ trigger: "axis", axisPointer: { type: "shadow" } }),
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8 },
      xAxis: many ? value : category,
      yAxis: many ? category : value,
      series: data.units.series.map(function (s) {
        return { type: "bar", name: s.name + " (" + indicators[s.code].unit + ")", data: s.values };
      }),
    });
  })();

  // ---------------------------------------------------------------- by half-year
  (function () {
    var money = data.series.series[0];
    var people = data.series.series[1];
    make("chart-series", {
      tooltip: tooltip({ trigger: "axis" }),
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 48, bottom: 8 },
      xAxis: { type: "category", data: data.series.periods, boundaryGap: false },
      yAxis: [
        {
          type: "value",
          name: text.yuan,
          axisLabel: {
            formatter: function (v) {
              return compact.format(v);
            },
          },
        },
        { type: "value", name: indicators[people.code].unit, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: "line",
          name: money.name,
          data: money.values,
          yAxisIndex: 0,
          areaStyle: { opacity: 0.15 },
          tooltip: {
            valueFormatter: function (v) {
              return fmt(v, true) + " " + text.yuan;
            },
          },
        },
        {
          type: "line",
          name: people.name,
          data: people.values,
          yAxisIndex: 1,
          tooltip: {
            valueFormatter: function (v) {
              return fmt(v, false) + " " + indicators[people.code].unit;
            },
          },
        },
      ],
    });
  })();

  // ---------------------------------------------------------------- projects: target vs actual
  data.projects.forEach(function (project, index) {
    var labels = project.measures.map(function (m) {
      return m.label;
    });
    var counties = [];
    project.measures.forEach(function (m) {
      m.counties.forEach(function (c) {
        if (counties.indexOf(c.name) < 0) {
          counties.push(c.name);
        }
      });
    });
    var top = 100;
    project.measures.forEach(function (m) {
      top = Math.max(top, (m.actual * 100) / m.target);
    });
    var series = counties.map(function (name) {
      return {
        type: "bar",
        stack: "actual",
        name: name,
        barMaxWidth: 28,
        data: project.measures.map(function (m) {
          var hit = m.counties.filter(function (c) {
            return c.name === name;
          })[0];
          var value = hit ? hit.value : 0;
          return { value: (value * 100) / m.target, raw: value, unit: m.unit, money: m.unit === text.yuan };
        }),
      };
    });
    if (!series.length) {
      series.push({ type: "bar", name: "", data: project.measures.map(function () { return 0; }) });
    }
    series[0].markLine = {
      symbol: "none",
      silent: true,
      lineStyle: { color: "#dc3545", type: "solid", width: 2 },
      label: { formatter: text.target, position: "start" },
      data: [{ xAxis: 100 }],
    };
    make("chart-project-" + index, {
      tooltip: tooltip({
        trigger: "item",
        formatter: function (p) {
          var m = project.measures[p.dataIndex];
          var d = p.data || {};
          return (
            p.seriesName + " · " + m.label + "\n" +
            fmt(d.raw, d.money) + " " + m.unit + " (" + whole.format(p.value) + "%)\n" +
            text.target + ": " + fmt(m.target, d.money) + " " + m.unit
          );
        },
      }),
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 32, top: 40, bottom: 8 },
      xAxis: {
        type: "value",
        max: Math.ceil(top / 10) * 10 + 10,
        axisLabel: { formatter: "{value}%" },
      },
      yAxis: { type: "category", data: labels, inverse: true },
      series: series,
    });
  });

  // ---------------------------------------------------------------- the map
  (function () {
    var node = document.getElementById("chart-map");
    var select = document.getElementById("map-indicator");
    if (!node || !select) {
      return;
    }
    var byName = {};
    data.map.counties.forEach(function (c) {
      byName[c.geo_name] = c;
    });
    var chart = null;
    var featureNames = [];

    function current() {
      return select.value;
    }

    function valueOf(county, code) {
      return code === "coverage" ? county.coverage : county.figures[code];
    }

    function unitOf(code) {
      return code === "coverage" ? "%" : indicators[code].unit;
    }

    function seriesData(code, range) {
      return featureNames.map(function (name) {
        var county = byName[name];
        if (!county) {
          return {
            name: name,
            value: NaN,
            outside: true,
            itemStyle: { areaColor: "#f1f3f5", borderColor: "#ced4da" },
            label: { show: false },
            emphasis: { disabled: true },
            select: { disabled: true },
          };
        }
        var value = valueOf(county, code);
        if (value === null || value === undefined) {
          return { name: name, value: NaN, code: county.code, county: county };
        }
        // the colour visualMap gives the value, kept when the county is chosen
        var colour = echarts.color.lerp(range.max > range.min ? (value - range.min) / (range.max - range.min) : 0, GREENS);
        return {
          name: name,
          value: value,
          code: county.code,
          county: county,
          select: { itemStyle: { areaColor: colour } },
        };
      });
    }

    function rangeOf(code) {
      // the data's own range, so that close values still look different (the legend says it)
      var values = data.map.counties
        .map(function (c) {
          return valueOf(c, code);
        })
        .filter(function (v) {
          return v !== null && v !== undefined;
        });
      var min = values.length ? Math.min.apply(null, values) : 0;
      var max = values.length ? Math.max.apply(null, values) : 1;
      if (max <= min) {
        // one value (a county officer's map) or all equal: from 0 up to it
        min = Math.min(0, min);
        max = max > min ? max : min + 1;
      }
      return { min: min, max: max };
    }

    function option(code) {
      var range = rangeOf(code);
      var min = range.min;
      var max = range.max;
      var money = code !== "coverage" && indicators[code].money;
      return {
        visualMap: {
          type: "continuous",
          min: min,
          max: max,
          left: 8,
          bottom: 8,
          calculable: false,
          inRange: { color: GREENS },
          formatter: function (v) {
            return compact.format(v);
          },
          text: [compact.format(max) + " " + unitOf(code), compact.format(min) + " " + unitOf(code)],
        },
        series: [{ data: seriesData(code, range) }],
        tooltip: tooltip({
          trigger: "item",
          formatter: function (p) {
            var d = p.data || {};
            if (d.outside || !d.county) {
              return p.name + "\n" + (d.outside ? text.not_in_programme : text.no_data);
            }
            var label = code === "coverage" ? text.coverage : indicators[code].name;
            return d.county.name + "\n" + label + ": " + fmt(p.value, money) + " " + unitOf(code);
          },
        }),
      };
    }

    function select_county(code) {
      if (!chart) {
        return;
      }
      var county = data.map.counties.filter(function (c) {
        return c.code === code;
      })[0];
      if (county) {
        chart.dispatchAction({ type: "select", seriesIndex: 0, name: county.geo_name });
      }
      document.querySelectorAll("[data-testid=county-table] tr[data-county]").forEach(function (tr) {
        tr.classList.toggle("table-active", tr.getAttribute("data-county") === code);
      });
    }

    fetch(data.map.geo_url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("map " + response.status);
        }
        return response.json();
      })
      .then(function (geo) {
        echarts.registerMap("chengde", geo);
        featureNames = geo.features.map(function (f) {
          return f.properties.name;
        });
        var base = {
          series: [
            {
              type: "map",
              map: "chengde",
              roam: false,
              selectedMode: "single",
              layoutCenter: ["50%", "50%"],
              layoutSize: "95%",
              label: {
                show: true,
                fontSize: 11,
                color: "#212529",
                textBorderColor: "#ffffff",
                textBorderWidth: 2,
                formatter: function (p) {
                  return p.data && p.data.county ? p.data.county.name : p.name;
                },
              },
              itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
              // keep the value's colour when hovered or chosen ("inherit"); mark the outline
              emphasis: {
                label: { show: true, fontWeight: "bold" },
                itemStyle: { areaColor: "inherit", borderColor: "#495057", borderWidth: 2 },
              },
              select: {
                label: { show: true, fontWeight: "bold" },
                itemStyle: { borderColor: "#dc3545", borderWidth: 3 },
              },
              data: [],
            },
          ],
        };
        chart = make("chart-map", base);
        chart.setOption(option(current()));
        chart.on("click", function (p) {
          if (p.data && p.data.code) {
            var button = document.querySelector('[data-county-button="' + p.data.code + '"]');
            if (button) {
              button.click();
            }
          }
        });
        if (data.map.selected) {
          select_county(data.map.selected);
        }
      })
      .catch(function (error) {
        node.textContent = String(error);
      });

    select.addEventListener("change", function () {
      if (chart) {
        chart.setOption(option(current()));
      }
      highlight();
    });

    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-county-button]") : null;
      if (button) {
        select_county(button.getAttribute("data-county-button"));
      }
    });

    // the chosen indicator's column in the townships' table, also after htmx swaps it in
    function highlight() {
      var code = current();
      document.querySelectorAll("#townships [data-indicator]").forEach(function (cell) {
        cell.classList.toggle("table-success", cell.getAttribute("data-indicator") === code);
      });
    }
    var townships = document.getElementById("townships");
    if (townships && window.MutationObserver) {
      new MutationObserver(highlight).observe(townships, { childList: true });
    }
    highlight();
  })();

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) {
        c.resize();
      });
    }, 100);
  });
})();
