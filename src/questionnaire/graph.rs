//! Dependency ordering of actions, without recursion (a hostile file may chain thousands).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Orders nodes `0..deps.len()` so that each comes after everything in `deps[node]`. Among nodes
/// whose dependencies are met, the smallest `key` goes first. On a cycle, returns one cycle.
pub fn topo_order_by<D: AsRef<[usize]>, K: Ord>(
    deps: &[D],
    key: impl Fn(usize) -> K,
) -> Result<Vec<usize>, Vec<usize>> {
    let n = deps.len();
    let (mut unmet, dependents) = unmet_and_dependents(deps);
    // A min-heap of (key, node): nodes are distinct, so the order is fully decided.
    let mut ready: BinaryHeap<Reverse<(K, usize)>> = (0..n)
        .filter(|&i| unmet[i] == 0)
        .map(|i| Reverse((key(i), i)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse((_, node))) = ready.pop() {
        order.push(node);
        for &next in dependents.of(node) {
            unmet[next] -= 1;
            if unmet[next] == 0 {
                ready.push(Reverse((key(next), next)));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    let mut done = vec![false; n];
    for &i in &order {
        done[i] = true;
    }
    let start = (0..n).find(|&i| !done[i]).unwrap_or(0);
    Err(walk_to_cycle(deps, &done, start))
}

/// Which nodes depend on one of `roots`, directly or not (a root itself only when it depends on
/// another root or on itself).
pub fn dependents_of<D: AsRef<[usize]>>(deps: &[D], roots: &[usize]) -> Vec<bool> {
    let dependents = dependents(deps);
    let mut found = vec![false; deps.len()];
    let mut stack: Vec<usize> = roots.to_vec();
    while let Some(node) = stack.pop() {
        for &next in dependents.of(node) {
            if !found[next] {
                found[next] = true;
                stack.push(next);
            }
        }
    }
    found
}

/// Every distinct cycle, each listed once, in a stable order.
pub fn cycles<D: AsRef<[usize]>>(deps: &[D]) -> Vec<Vec<usize>> {
    // Nodes that can be ordered are never on a cycle; peel them off first.
    let ordered = partial_order(deps);
    if ordered.len() == deps.len() {
        return Vec::new();
    }
    let mut done = vec![false; deps.len()];
    for &i in &ordered {
        done[i] = true;
    }
    let mut found = Vec::new();
    let mut reported = vec![false; deps.len()];
    for start in 0..deps.len() {
        if done[start] || reported[start] {
            continue;
        }
        let cycle = walk_to_cycle(deps, &done, start);
        if cycle.iter().any(|&i| reported[i]) {
            continue;
        }
        for &i in &cycle {
            reported[i] = true;
        }
        found.push(cycle);
    }
    found
}

/// Who depends on each node, in one list: node `i`'s dependents, in node order, are
/// `list[start[i]..start[i + 1]]` (two allocations for the whole graph, not one per node).
struct Dependents {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Dependents {
    fn of(&self, node: usize) -> &[usize] {
        &self.list[self.start[node]..self.start[node + 1]]
    }
}

/// For each node, how many dependencies it waits for, and which nodes wait for it.
fn unmet_and_dependents<D: AsRef<[usize]>>(deps: &[D]) -> (Vec<usize>, Dependents) {
    let unmet: Vec<usize> = deps.iter().map(|d| d.as_ref().len()).collect();
    (unmet, dependents(deps))
}

/// Which nodes wait for each node.
fn dependents<D: AsRef<[usize]>>(deps: &[D]) -> Dependents {
    // Count each node's dependents, turn the counts into where each one's run starts, then
    // fill the runs visiting the nodes in order.
    let mut start = vec![0; deps.len() + 1];
    for &dep in deps.iter().flat_map(AsRef::as_ref) {
        start[dep + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut list = vec![0; start[deps.len()]];
    for (node, node_deps) in deps.iter().enumerate() {
        for &dep in node_deps.as_ref() {
            list[next[dep]] = node;
            next[dep] += 1;
        }
    }
    Dependents { start, list }
}

/// The nodes Kahn's algorithm can order (those not on or behind a cycle).
fn partial_order<D: AsRef<[usize]>>(deps: &[D]) -> Vec<usize> {
    let n = deps.len();
    let (mut unmet, dependents) = unmet_and_dependents(deps);
    let mut stack: Vec<usize> = (0..n).filter(|&i| unmet[i] == 0).collect();
    let mut order = Vec::new();
    while let Some(node) = stack.pop() {
        order.push(node);
        for &next in dependents.of(node) {
            unmet[next] -= 1;
            if unmet[next] == 0 {
                stack.push(next);
            }
        }
    }
    order
}

/// From a node that cannot be ordered, follow unordered dependencies until a node repeats.
fn walk_to_cycle<D: AsRef<[usize]>>(deps: &[D], done: &[bool], start: usize) -> Vec<usize> {
    let mut path = vec![start];
    let mut position = vec![usize::MAX; deps.len()];
    position[start] = 0;
    let mut node = start;
    loop {
        let Some(&next) = deps[node].as_ref().iter().find(|&&d| !done[d]) else {
            return path;
        };
        if position[next] != usize::MAX {
            let mut cycle = path.split_off(position[next]);
            // Start the cycle at its smallest node, so the message is the same every run.
            let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
            cycle.rotate_left(smallest);
            return cycle;
        }
        position[next] = path.len();
        path.push(next);
        node = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_dependencies_first_with_key_for_ties() {
        // 0 depends on 2; 1 has none; 2 has none. Key prefers higher index.
        let deps = vec![vec![2], vec![], vec![]];
        assert_eq!(topo_order_by(&deps, std::cmp::Reverse), Ok(vec![2, 1, 0]));
        assert_eq!(topo_order_by(&deps, |i| i), Ok(vec![1, 2, 0]));
    }

    #[test]
    fn reports_a_cycle() {
        // 0 -> 1 -> 2 -> 0, and 3 depends on the cycle.
        let deps = vec![vec![1], vec![2], vec![0], vec![0]];
        assert_eq!(topo_order_by(&deps, |i| i), Err(vec![0, 1, 2]));
        assert_eq!(cycles(&deps), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn finds_each_distinct_cycle_once() {
        let deps = vec![vec![1], vec![0], vec![3], vec![2], vec![4]];
        assert_eq!(cycles(&deps), vec![vec![0, 1], vec![2, 3], vec![4]]);
    }

    #[test]
    fn each_node_lists_its_dependents_in_node_order() {
        let deps = vec![vec![3, 1], vec![], vec![1, 3], vec![], vec![3]];
        let (unmet, dependents) = unmet_and_dependents(&deps);
        assert_eq!(unmet, [2, 0, 2, 0, 1]);
        let lists: Vec<&[usize]> = (0..deps.len()).map(|i| dependents.of(i)).collect();
        let expected: [&[usize]; 5] = [&[], &[0, 2], &[], &[0, 2, 4], &[]];
        assert_eq!(lists, expected);
    }

    #[test]
    fn finds_what_depends_on_the_roots_directly_or_not() {
        // 1 -> 0, 2 -> 1, 3 -> 2 and 4 (a chain through a diamond); 4 depends on nothing; 5 -> 4;
        // 6 -> 6 is unrelated to the roots.
        let deps = vec![
            vec![],
            vec![0],
            vec![1],
            vec![2, 4],
            vec![],
            vec![4],
            vec![6],
        ];
        let found = dependents_of(&deps, &[0]);
        assert_eq!(found, [false, true, true, true, false, false, false]);
        // Two roots: each one's dependents, and a root only when it depends on the other.
        let found = dependents_of(&deps, &[1, 4]);
        assert_eq!(found, [false, false, true, true, false, true, false]);
        let found = dependents_of(&deps, &[0, 1]);
        assert_eq!(found, [false, true, true, true, false, false, false]);
        assert_eq!(
            dependents_of(&deps, &[6]),
            [false, false, false, false, false, false, true]
        );
        assert_eq!(dependents_of(&deps, &[]), [false; 7]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let deps: Vec<Vec<usize>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        assert_eq!(topo_order_by(&deps, |i| i).map(|o| o.len()), Ok(n));
    }
}
