# The functions used to be one module call each (and the extract function lived in
# modules/pipeline_source); they are now instances of module "function". These moves keep an
# existing environment's functions and service accounts in place instead of re-creating them.
moved {
  from = module.transform
  to   = module.function["transform"]
}

moved {
  from = module.load
  to   = module.function["load"]
}

moved {
  from = module.dead_letter
  to   = module.function["dead_letter"]
}

moved {
  from = module.sweep_clusters
  to   = module.function["sweep_clusters"]
}

# Sources deployed before the move (add a block for any other source you had deployed).
moved {
  from = module.source["saramin"].module.function
  to   = module.function["extract:saramin"]
}

moved {
  from = module.source["stock"].module.function
  to   = module.function["extract:stock"]
}
